// What /account says beside a newsletter the reader chose but is not being
// sent: the newsletters service decides (listReaderNewsletters), this only
// turns its reasons into the account page's notes.
import type { NewsletterReaderService } from './newsletter-pages.model.js';
import { holdReasonText } from './views/hold-reason-text.js';

export function createAccountNewsletterNotes(newsletters: Pick<NewsletterReaderService, 'listReaderNewsletters'>) {
  return async (userId: number): Promise<Map<number, string>> => {
    const notes = new Map<number, string>();
    for (const row of await newsletters.listReaderNewsletters(userId))
      if (row.isSubscribed && row.status.kind === 'held') notes.set(row.newsletter.id, holdReasonText(row.status.reason));
    return notes;
  };
}
