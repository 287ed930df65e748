// The automatic daily briefing: a newsletter set to it gets, once a day at its
// send time in the publication's zone, an issue listing the home front's
// stories as they stand at that moment, sent through the ordinary send path.
//
// Once a day across nodes: the day is claimed by inserting the row
// (newsletter, local date) in the same transaction that writes the issue,
// already scheduled for now; the primary key lets one node in, and the
// sender every node runs starts the issue as it starts any scheduled issue
// (render once, compare-and-set to sending). A crash before the commit leaves
// nothing, so the next look claims the day again; after it, the issue is
// there and the day is done. Which days are owed, and the catch-up window
// after a restart: briefing-schedule.ts. An empty front is a day without a
// briefing, recorded so the desk can say so.
//
// The issue is a list of article ids, as an editor's "article ids" issue is:
// the email shows each as headline, standfirst and link (emails/
// newsletter-email.tsx), so no article's text, Premium or not, is ever sent.
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import type { BriefingOutcome } from '../../core/db/schema-briefings.js';
import { formatShortDate } from '../../core/views/format.js';
import { BRIEFING_CATCH_UP_MS, dueBriefing, nextBriefing, type BriefingRun } from './briefing-schedule.js';
import * as briefings from './newsletter-briefings.repository.js';
import * as repository from './newsletters.repository.js';

/** At most this many stories in a briefing (a front holds fewer; an issue takes up to 50). */
const MAX_BRIEFING_ARTICLES = 20;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export interface BriefingJobDependencies {
  db: Db;
  clock: Clock;
  timeZone: string;
  /** The home front's stories readers may see at `now`, in the front's order (the articles feature's). */
  readHomeFront: (now: string) => Promise<number[]>;
  catchUpMs?: number;
  /** How often `tick` looks, in clock time (the sender calls it on every pass). */
  checkEveryMs?: number;
  /** Told after a briefing issue is scheduled (the sender starts it at once). */
  onScheduled?: () => void;
  /** One newsletter's failure does not stop the others; it is reported here and tried again at the next look. */
  onError?: (error: unknown) => void;
}

export interface BriefingDay {
  newsletterId: number;
  localDate: string;
  outcome: BriefingOutcome;
  issueId: number | null;
}

export function briefingSubject(name: string, run: BriefingRun, timeZone: string): string {
  const weekday = WEEKDAYS[new Date(`${run.localDate}T12:00:00Z`).getUTCDay()]!;
  return `${name}: ${weekday} ${formatShortDate(run.at, timeZone)}`;
}

const oneLine = (value: string, max: number) =>
  value
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .slice(0, max);

export function createBriefingJob(deps: BriefingJobDependencies) {
  const { db, clock, timeZone } = deps;
  const checkEveryMs = deps.checkEveryMs ?? 30_000;
  let running: Promise<BriefingDay[]> | undefined;
  let lastLookMs: number | undefined;

  async function briefNewsletter(
    newsletter: Awaited<ReturnType<typeof briefings.listBriefingNewsletters>>[number],
    now: Date,
  ): Promise<BriefingDay | null> {
    const due = dueBriefing({
      now,
      sendTime: newsletter.send_time,
      timeZone,
      armedAt: newsletter.briefing_armed_at,
      catchUpMs: deps.catchUpMs ?? BRIEFING_CATCH_UP_MS,
    });
    if (!due || (await briefings.hasBriefingDay(db, newsletter.id, due.localDate))) return null;
    const at = now.toISOString();
    // The front as it stands now, kept to what an article-ids issue accepts (published), in the front's order.
    const frontIds = (await deps.readHomeFront(at)).slice(0, MAX_BRIEFING_ARTICLES);
    const found = new Map((await repository.findArticlesForIssue(db, frontIds)).map((row) => [row.id, row]));
    const articleIds = frontIds.filter((id) => found.has(id));
    const outcome: BriefingOutcome = articleIds.length ? 'scheduled' : 'empty-front';
    return db.transaction().execute(async (trx) => {
      const day = { newsletterId: newsletter.id, localDate: due.localDate };
      if (!(await briefings.claimBriefingDay(trx, { ...day, runAt: due.at.toISOString(), outcome, now: at }))) return null;
      if (outcome === 'empty-front') return { ...day, outcome, issueId: null };
      const issueId = await repository.insertIssue(trx, {
        newsletterId: newsletter.id,
        subject: oneLine(briefingSubject(newsletter.name, due, timeZone), 200),
        preheader: oneLine(found.get(articleIds[0]!)!.headline, 200),
        bodyJson: null,
        articleIdsJson: JSON.stringify(articleIds),
        createdBy: null,
        now: at,
      });
      await repository.moveIssueState(trx, issueId, { from: ['draft'], to: 'scheduled', now: at, sendAt: at });
      await briefings.setBriefingIssue(trx, newsletter.id, due.localDate, issueId);
      return { ...day, outcome, issueId };
    });
  }

  async function runOnce(): Promise<BriefingDay[]> {
    const now = clock.now();
    const done: BriefingDay[] = [];
    for (const newsletter of await briefings.listBriefingNewsletters(db)) {
      try {
        const day = await briefNewsletter(newsletter, now);
        if (day) done.push(day);
      } catch (error) {
        deps.onError?.(error);
      }
    }
    if (done.some((day) => day.outcome === 'scheduled')) deps.onScheduled?.();
    return done;
  }

  /** Makes every briefing owed now; answers the days this node claimed. One run at a time per node. */
  function run(): Promise<BriefingDay[]> {
    running ??= runOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    run,
    /** `run`, at most once every `checkEveryMs` of clock time (and again at once if the clock goes back). */
    async tick(): Promise<BriefingDay[]> {
      const nowMs = clock.now().getTime();
      if (lastLookMs !== undefined && nowMs >= lastLookMs && nowMs - lastLookMs < checkEveryMs) return [];
      lastLookMs = nowMs;
      return run();
    },
  };
}

export type BriefingJob = ReturnType<typeof createBriefingJob>;

export interface BriefingSchedule {
  isOn: boolean;
  sendTime: string;
  timeZone: string;
  /** The next automatic send (ISO), null when the briefing is off or has no time. */
  nextAt: string | null;
  /** The latest days, newest first. */
  recent: { localDate: string; runAt: string; outcome: BriefingOutcome; issueId: number | null }[];
}

/** What the newsroom desk shows about a newsletter's briefing. */
export async function describeBriefing(
  db: Db,
  newsletter: { id: number; isBriefing: boolean; sendTime: string },
  options: { now: Date; timeZone: string },
): Promise<BriefingSchedule> {
  const isOn = newsletter.isBriefing && newsletter.sendTime !== '';
  const days = await briefings.listBriefingDays(db, newsletter.id, 7);
  return {
    isOn,
    sendTime: newsletter.sendTime,
    timeZone: options.timeZone,
    nextAt: isOn ? nextBriefing(options.now, newsletter.sendTime, options.timeZone).at.toISOString() : null,
    recent: days.map((day) => ({ localDate: day.local_date, runAt: day.run_at, outcome: day.outcome, issueId: day.issue_id })),
  };
}
