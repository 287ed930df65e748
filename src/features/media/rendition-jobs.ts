// Background renditions: an upload stores its original and queues a row here
// in the same transaction; a worker on any node claims the row (a
// compare-and-set, so two nodes never work one image at once, and a claim a
// crashed node left goes stale and is taken again), makes every rendition the
// site serves, and marks the image ready. Until then the renditions are still
// made on request as for every image, so nothing waits on the queue.
import type { Clock } from '../../core/clock.js';
import type { Db, DbOrTransaction } from '../../core/db/database.js';

const CLAIM_TIMEOUT_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 5;
const NUDGE_DELAY_MS = 20;

export async function enqueueRenditions(db: DbOrTransaction, imageId: number, now: Date): Promise<void> {
  await db
    .insertInto('image_rendition_jobs')
    .values({ image_id: imageId, available_at: now.toISOString(), created_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('image_id').doNothing())
    .execute();
}

export interface RenditionWorkerOptions {
  db: Db;
  clock: Clock;
  /** Makes and stores every rendition of the image (the media service's). */
  prepare: (imageId: number) => Promise<void>;
  onError?: (error: unknown) => void;
  pollMs?: number;
}

export function createRenditionWorker(options: RenditionWorkerOptions) {
  const { db, clock } = options;
  let timer: NodeJS.Timeout | undefined;
  let nudged: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<number> | undefined;

  async function claimNext() {
    const now = clock.now();
    const staleBefore = new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString();
    const candidate = await db
      .selectFrom('image_rendition_jobs')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('available_at', '<=', now.toISOString())]),
          eb.and([eb('status', '=', 'running'), eb('claimed_at', '<', staleBefore)]),
        ]),
      )
      .select(['id', 'image_id', 'status', 'attempts'])
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return null;
    const claimed = await db
      .updateTable('image_rendition_jobs')
      .set({ status: 'running', claimed_at: now.toISOString(), attempts: candidate.attempts + 1 })
      .where('id', '=', candidate.id)
      .where('status', '=', candidate.status)
      .where('attempts', '=', candidate.attempts)
      .executeTakeFirst();
    return Number(claimed.numUpdatedRows) === 1 ? { ...candidate, attempts: candidate.attempts + 1 } : 'lost-race';
  }

  /** Works every due job; returns how many images were made ready. */
  async function drainOnce(): Promise<number> {
    let done = 0;
    for (let guard = 0; guard < 1000 && !stopped; guard++) {
      const job = await claimNext();
      if (job === null) break;
      if (job === 'lost-race') continue;
      try {
        await options.prepare(job.image_id);
        await db.transaction().execute(async (trx) => {
          await trx.updateTable('image_rendition_jobs').set({ status: 'done', last_error: null }).where('id', '=', job.id).execute();
          await trx.updateTable('images').set({ renditions_status: 'ready' }).where('id', '=', job.image_id).execute();
        });
        done++;
      } catch (error) {
        const giveUp = job.attempts >= MAX_ATTEMPTS;
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('image_rendition_jobs')
            .set({
              status: giveUp ? 'failed' : 'pending',
              last_error: String(error).slice(0, 500),
              available_at: new Date(clock.now().getTime() + 2 ** job.attempts * 1000).toISOString(),
            })
            .where('id', '=', job.id)
            .execute();
          // Failed for good: the renditions are still attempted on request, as for any image.
          if (giveUp) await trx.updateTable('images').set({ renditions_status: 'failed' }).where('id', '=', job.image_id).execute();
        });
        options.onError?.(error);
      }
    }
    return done;
  }

  function drain(): Promise<number> {
    running ??= drainOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    drain,
    /** Starts on what was just queued, off the request path. */
    nudge() {
      if (nudged || stopped) return;
      nudged = setTimeout(() => {
        nudged = undefined;
        void drain().catch((error) => options.onError?.(error));
      }, NUDGE_DELAY_MS);
      nudged.unref();
    },
    start() {
      stopped = false;
      timer = setInterval(() => void drain().catch((error) => options.onError?.(error)), options.pollMs ?? 2000);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (nudged) clearTimeout(nudged);
      nudged = undefined;
      await running;
    },
  };
}

export type RenditionWorker = ReturnType<typeof createRenditionWorker>;
