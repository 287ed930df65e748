// The newsletter's list for `masthead newsletter export`: readers who signed
// up with their account, then imported subscribers still on the list. Readers
// have no consent source of their own: theirs is the sign-up itself.
import type { Db } from '../../core/db/database.js';
import type { ExportRow } from './newsletter-csv.js';
import * as repository from './newsletters-export.repository.js';

export function createSubscriberExport(deps: { db: Db }) {
  return async function* listSubscribersForExport(newsletterId: number): AsyncIterable<ExportRow> {
    for (let after = 0; ;) {
      const rows = await repository.listReaderSubscribersAfter(deps.db, newsletterId, after);
      for (const row of rows)
        yield {
          email: row.email,
          firstName: row.first_name,
          lastName: row.last_name,
          consentSource: 'signed up with their account',
          source: 'reader',
          since: row.created_at,
        };
      if (rows.length === 0) break;
      after = rows.at(-1)!.id;
    }
    for (let after = 0; ;) {
      const rows = await repository.listImportedSubscribersAfter(deps.db, newsletterId, after);
      for (const row of rows)
        yield {
          email: row.email,
          firstName: row.first_name,
          lastName: row.last_name,
          consentSource: row.consent_source,
          source: 'imported',
          since: row.created_at,
        };
      if (rows.length === 0) break;
      after = rows.at(-1)!.id;
    }
  };
}
