// The importer over an app's services (app.ts builds them): the CLI and the
// tests import through exactly what the newsroom and the Admin API write with.
import type { Masthead } from '../../app.js';
import type { Clock } from '../../core/clock.js';
import type { Config } from '../../core/config/config.js';
import { createArchiveImporter } from './archive-import.js';
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

/** The archive importer (`import masthead`) over the same services. */
export function archiveImporterFor(
  masthead: Pick<Masthead, 'database' | 'articles' | 'taxonomy' | 'media'>,
  config: Readonly<Config>,
  clock: Clock,
) {
  return createArchiveImporter({
    db: masthead.database.db,
    clock,
    timeZone: config.publication.timeZone,
    changeContent: masthead.articles.changeContent,
    taxonomy: masthead.taxonomy,
    media: masthead.media,
  });
}
