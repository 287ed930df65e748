// The broadcaster the app runs with: Redis pub/sub across nodes when
// REDIS_URL is set, in-process otherwise (comments-live.ts), with
// `afterPublish` run for every event. An event is published after its
// comment's transaction commits — the moment that comment's notification
// emails may go too, so the app nudges the email worker there.
import { createInProcessBroadcaster, createRedisBroadcaster } from './comments-live.js';
import type { CommentBroadcaster } from './comments.types.js';

export interface CommentBroadcasterOptions {
  redisUrl: string | undefined;
  onError: (error: unknown) => void;
  afterPublish: () => void;
}

export async function createCommentBroadcaster(options: CommentBroadcasterOptions): Promise<CommentBroadcaster> {
  const { onError } = options;
  const live = options.redisUrl
    ? await createRedisBroadcaster({ redisUrl: options.redisUrl, onError })
    : createInProcessBroadcaster({ onError });
  return {
    publish(event) {
      live.publish(event);
      options.afterPublish();
    },
    subscribe: (articleId, listener) => live.subscribe(articleId, listener),
    close: () => live.close(),
  };
}
