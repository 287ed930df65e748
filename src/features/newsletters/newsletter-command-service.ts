// The newsletters service as `masthead newsletter` uses it: the service for
// finding the newsletter and importing (its rules), the export for the list.
import { resolveSessionSecret } from '../../core/security/secrets.js';
import type { NewsletterServiceFactory } from './newsletter.cli.js';
import { createSubscriberExport } from './newsletters-export.service.js';
import { createNewslettersService } from './newsletters.service.js';

export const newsletterCommandService: NewsletterServiceFactory = ({ db, clock, config }) => {
  const service = createNewslettersService({
    db,
    clock,
    // Signs unsubscribe links, which import and export never make; resolved as the server does, for one code path.
    secret: resolveSessionSecret(config, config.database.engine),
    settings: { publicUrl: config.publicUrl, publicationName: config.publication.name, timeZone: config.publication.timeZone },
  });
  return {
    findNewsletterBySlug: service.findNewsletterBySlug,
    importSubscriber: service.importSubscriber,
    listSubscribersForExport: createSubscriberExport({ db }),
  };
};
