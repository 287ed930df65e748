// The automatic daily briefing's table (migration 0029), apart from schema.ts.
// `newsletters.briefing_armed_at` (the same migration) is on NewslettersTable.

/** What became of a day's briefing: an issue made and handed to the sender, or none because the home front was empty. */
export type BriefingOutcome = 'scheduled' | 'empty-front';

export interface NewsletterBriefingsTable {
  newsletter_id: number;
  /** YYYY-MM-DD in the publication's time zone; (newsletter_id, local_date) is the primary key: once a day. */
  local_date: string;
  /** The planned instant (the send time on that date). */
  run_at: string;
  outcome: BriefingOutcome;
  issue_id: number | null;
  claimed_at: string;
}

export interface BriefingTables {
  newsletter_briefings: NewsletterBriefingsTable;
}
