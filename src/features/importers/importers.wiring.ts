// The importer over an app's services (app.ts builds them): the CLI and the
// tests import through exactly what the newsroom and the Admin API write with.
import type { Masthead } from '../../app.js';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config/config.js';
import { createImporter } from './importer.service.js';

export function importerFor(
  masthead: Pick<Masthead, 'database' | 'articles' | 'taxonomy' | 'media'>,
  config: Readonly<Config>,
  clock: Clock,
) {
  return createImporter({
    db: masthead.database.db,
    clock,
    timeZone: config.publication.timeZone,
    changeContent: masthead.articles.changeContent,
    taxonomy: masthead.taxonomy,
    media: masthead.media,
  });
}
