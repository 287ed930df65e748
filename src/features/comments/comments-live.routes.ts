// GET /comments/live/:articleId — a Server-Sent Events stream of the thread's
// new visible comments, for the thread page's script (client/comments-live.ts).
// Each event carries only ids and the new count; the page fetches the comment
// itself from /comments/:id/fragment, which applies the same rules as the
// thread page. Without JavaScript nothing here is used: the page works by reload.
//
// Nothing is missed between the page and the stream, or across a reconnect:
// every comment published on an article gets the next number of the article's
// publication sequence, in commit order (migration 0010), and that number is
// the event's id. The thread page's stream URL carries `after` (the article's
// sequence when the page was read), and a reconnecting browser sends
// `Last-Event-ID` (the last number it was told of); the comments numbered
// after it are replayed first, in order, then the live ones, none twice. More
// than LIVE_REPLAY_LIMIT missed: a `gap` event, and the page offers a refresh.
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import { inputs, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { CommentBroadcaster, LiveCommentEvent, MissedComments } from './comments.types.js';

export interface LiveStreamLimits {
  /** Open streams per client address (a household or office shares one; a reader may have a few tabs). */
  perAddress: number;
  /** Open streams on this node: each holds a socket and a little memory. */
  total: number;
  /** A comment line every so often keeps proxies and load balancers from closing a quiet stream. */
  heartbeatMs: number;
  /** How long the browser waits before reconnecting after the stream drops. */
  retryMs: number;
  /** A client that stops reading is cut off once this much is waiting for it (its browser reconnects). */
  maxBufferedBytes: number;
}

export const DEFAULT_LIVE_STREAM_LIMITS: LiveStreamLimits = {
  perAddress: 20,
  total: 5_000,
  heartbeatMs: 25_000,
  retryMs: 5_000,
  maxBufferedBytes: 64 * 1024,
};

export interface CommentsLiveRouteDependencies {
  broadcaster: CommentBroadcaster;
  /**
   * Whether this reader may read the article's body (the access gate's
   * answer), false for an unknown article. A reader who may not read the
   * article must not read its comments, live or otherwise.
   */
  mayRead(request: FastifyRequest, reply: FastifyReply, articleId: number): Promise<boolean>;
  /** The article's comments numbered after `afterSeq` in its publication sequence (CommentsService.missedComments). */
  missedComments(articleId: number, afterSeq: number): Promise<MissedComments>;
  limits?: Partial<LiveStreamLimits>;
}

export interface CommentsLiveRoutes {
  /** Streams open on this node (for tests and health output). */
  openStreams(): number;
}

/**
 * The publication sequence number the client says it has seen up to
 * (`?after=`, `Last-Event-ID`), or undefined when it gave none (or nonsense:
 * then there is no replay). 0 is a mark: a page read before the article's
 * first comment sends `after=0`.
 */
const REPLAY_MARK = z
  .string()
  .regex(/^\d{1,15}$/)
  .transform(Number)
  .optional()
  .catch(undefined);
const LIVE_PARAMS = z.object({ articleId: inputs.id() });
const LIVE_QUERY = z.object({ after: REPLAY_MARK });

const GAP_EVENT = 'event: gap\ndata: {}\n\n';
const TOO_MANY_RETRY_SECONDS = 30;

/** One Server-Sent Events message. The payload is ours and holds numbers only, so no line in it can break the framing. */
export function formatCommentEvent(event: LiveCommentEvent): string {
  return `id: ${event.seq}\nevent: comment\ndata: ${JSON.stringify({ commentId: event.commentId, count: event.count })}\n\n`;
}

export function registerCommentsLiveRoutes(app: FastifyInstance, dependencies: CommentsLiveRouteDependencies): CommentsLiveRoutes {
  const { broadcaster, mayRead } = dependencies;
  const limits: LiveStreamLimits = { ...DEFAULT_LIVE_STREAM_LIMITS, ...dependencies.limits };
  const streamsPerAddress = new Map<string, number>();
  let streamCount = 0;
  const openStreams = new Set<PassThrough>();

  function reserve(address: string): boolean {
    const forAddress = streamsPerAddress.get(address) ?? 0;
    if (streamCount >= limits.total || forAddress >= limits.perAddress) return false;
    streamsPerAddress.set(address, forAddress + 1);
    streamCount++;
    return true;
  }

  function release(address: string): void {
    const forAddress = (streamsPerAddress.get(address) ?? 1) - 1;
    if (forAddress > 0) streamsPerAddress.set(address, forAddress);
    else streamsPerAddress.delete(address);
    streamCount--;
  }

  // Open streams never end by themselves: end them so the server can close.
  app.addHook('preClose', (done) => {
    for (const stream of openStreams) stream.end();
    done();
  });

  app.withTypeProvider<ZodTypeProvider>().get(
    '/comments/live/:articleId',
    // HEAD would open a stream that never ends just to send no body.
    { exposeHeadRoute: false, schema: { params: LIVE_PARAMS, querystring: LIVE_QUERY } },
    async (request, reply) => {
      const articleId = request.params.articleId;
      const address = request.ip;
      // The slot is taken before the (asynchronous) access check so a burst of
      // parallel requests cannot all pass the cap before any of them counts.
      if (!reserve(address)) throw new AppError('rate-limited', 'too many live streams', { retryAfterSeconds: TOO_MANY_RETRY_SECONDS });
      let isStreaming = false;
      try {
        if (!(await mayRead(request, reply, articleId))) return reply.callNotFound();
        isStreaming = true;
      } finally {
        if (!isStreaming) release(address);
      }

      // Sent as a stream through Fastify rather than by hijacking the reply:
      // the security headers, error handling and response hooks all still apply.
      const stream = new PassThrough();
      openStreams.add(stream);
      const send = (text: string) => {
        if (stream.writableEnded || stream.destroyed) return;
        // A reader whose connection has stalled would otherwise hold every
        // event in memory; cut them off and let their browser reconnect.
        if (stream.writableLength > limits.maxBufferedBytes) stream.destroy();
        else stream.write(text);
      };
      // Subscribed before the missed comments are read, so none falls between the two;
      // what arrives meanwhile waits until the replay is out.
      const after = REPLAY_MARK.parse(request.headers['last-event-id']) ?? request.query.after ?? null;
      let held: LiveCommentEvent[] | null = after === null ? null : [];
      const unsubscribe = broadcaster.subscribe(articleId, (event) => {
        if (held) held.push(event);
        else send(formatCommentEvent(event));
      });
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), limits.heartbeatMs);
      // Fastify destroys the stream when the client goes away; ending it on
      // shutdown closes it too. Either way, everything is let go exactly once.
      stream.once('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        openStreams.delete(stream);
        release(address);
      });
      stream.write(`retry: ${limits.retryMs}\n\n`);
      if (after !== null) {
        void dependencies
          .missedComments(articleId, after)
          .then(
            (missed) => {
              for (const { commentId, seq } of missed.comments)
                send(formatCommentEvent({ type: 'comment', articleId, commentId, seq, count: missed.count }));
              if (missed.isPartial) send(GAP_EVENT);
              return new Set(missed.comments.map((comment) => comment.seq));
            },
            // Replay is a courtesy: without it the live events still flow.
            () => new Set<number>(),
          )
          .then((replayed) => {
            const waiting = held ?? [];
            held = null;
            // Already on the page (at or below the mark) or just replayed: not sent twice.
            for (const event of waiting) if (event.seq > after && !replayed.has(event.seq)) send(formatCommentEvent(event));
          });
      }

      return (
        reply
          .code(200)
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-store')
          // nginx would otherwise buffer the stream and deliver events late, in bulk.
          .header('x-accel-buffering', 'no')
          .send(stream)
      );
    },
  );

  return { openStreams: () => openStreams.size };
}
