// /account's newsletter choices, on the newsletters service: the list the
// page shows (with why a chosen one is not being sent) and the save, which
// signs up through `subscribeReader` — the same rule as /newsletters, so a
// Premium-only newsletter cannot be chosen without Premium here either.
// The port's shape is /account's (accounts/account-settings.service.ts): this is its newsletters side.
import type { AccountNewsletterChoice } from '../accounts/account-settings.service.js';
import type { NewslettersService } from './newsletters.service.js';
import { holdReasonText } from './views/hold-reason-text.js';

type ReaderNewsletters = Pick<NewslettersService, 'listReaderNewsletters' | 'subscribeReader' | 'unsubscribeReader'>;

export type AccountNewsletterSave = { kind: 'saved' } | { kind: 'premium-required'; names: string[] };

export function createAccountNewsletters(newsletters: ReaderNewsletters) {
  return {
    async list(userId: number): Promise<AccountNewsletterChoice[]> {
      return (await newsletters.listReaderNewsletters(userId)).map((row) => ({
        id: row.newsletter.id,
        name: row.newsletter.name,
        description: row.newsletter.description,
        isSubscribed: row.isSubscribed,
        isPremiumOnly: row.newsletter.access === 'premium',
        canChoose: row.isSubscribed || row.canSubscribe,
        heldNote: row.isSubscribed && row.status.kind === 'held' ? holdReasonText(row.status.reason) : null,
      }));
    },

    /**
     * Exactly `chosenIds` among the reader's newsletters (ids of none are
     * ignored). A sign-up the reader may not make is refused before anything
     * is written; one refused by the service itself in a race (Premium ended
     * a moment ago) is reported, the other changes stand.
     */
    async choose(userId: number, chosenIds: number[]): Promise<AccountNewsletterSave> {
      const chosen = new Set(chosenIds);
      const rows = await newsletters.listReaderNewsletters(userId);
      const refused = rows.filter((row) => chosen.has(row.newsletter.id) && !row.isSubscribed && !row.canSubscribe);
      if (refused.length) return { kind: 'premium-required', names: refused.map((row) => row.newsletter.name) };
      const late: string[] = [];
      for (const row of rows) {
        const isChosen = chosen.has(row.newsletter.id);
        if (isChosen && !row.isSubscribed) {
          const outcome = await newsletters.subscribeReader(userId, row.newsletter.id);
          if (outcome.kind === 'premium-required') late.push(row.newsletter.name);
        } else if (!isChosen && row.isSubscribed) await newsletters.unsubscribeReader(userId, row.newsletter.id);
      }
      return late.length ? { kind: 'premium-required', names: late } : { kind: 'saved' };
    },
  };
}

export type AccountNewsletters = ReturnType<typeof createAccountNewsletters>;
