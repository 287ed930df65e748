// Live updates on a thread page: new comments appear without a reload. The
// page works fully without this script (new comments show on reload); if it
// fails to load or a request fails, nothing else on the page is affected.
//
// Markup it relies on (the thread page):
//   <ol class="comment-list" data-live-url="/comments/live/{articleId}" data-article-id="{articleId}"
//       [data-live-insert="append" | "prepend" | "notice"]>
//     <li class="comment" id="comment-{id}"> … <ol class="comment-replies"> … </ol></li>
//   <span data-comment-count>12</span>   (any number of them)
//   <p class="comment-empty">  (removed once a comment is shown)
// A parent whose thread continues on its own page (a direct `.comment-continue`
// child) gets no live replies: they are on that page.
// `data-live-insert`: where new top-level comments go — "append" (oldest first,
// the default), "prepend" (newest first), or "notice" for a page that is not the
// live end of the thread (an earlier page, "most recommended"): only the
// "New comments — refresh" notice.
//
// The comment itself comes from GET /comments/{id}/fragment: one server-rendered,
// escaped `<li class="comment" id="comment-{id}" [data-parent-id]>`. Only that
// markup is ever parsed; the event's own data are numbers.
import { browser, type LiveElement } from './browser.js';

const ANNOUNCE_DELAY_MS = 1_000;

interface CommentEvent {
  commentId: number;
  count: number;
}

function readEvent(data: string): CommentEvent | undefined {
  try {
    const { commentId, count } = JSON.parse(data) as Partial<CommentEvent>;
    if (Number.isInteger(commentId) && commentId! > 0 && Number.isInteger(count) && count! >= 0)
      return { commentId: commentId!, count: count! };
  } catch {
    // Not ours to handle: ignore.
  }
  return undefined;
}

function startLiveComments(list: LiveElement, url: string): void {
  const { document } = browser;
  const placement = list.getAttribute('data-live-insert') ?? 'append';
  // Present from the start: screen readers announce changes to a live region, not its arrival.
  const announcer = document.createElement('p');
  announcer.className = 'visually-hidden';
  announcer.setAttribute('role', 'status');
  announcer.setAttribute('aria-live', 'polite');
  list.before(announcer);

  let unannounced = 0;
  function announce(): void {
    // Several comments in quick succession make one announcement, not a burst.
    if (unannounced++ > 0) return;
    browser.setTimeout(() => {
      announcer.textContent = unannounced === 1 ? '1 new comment' : `${unannounced} new comments`;
      unannounced = 0;
    }, ANNOUNCE_DELAY_MS);
  }

  let notice: LiveElement | undefined;
  function showRefreshNotice(): void {
    if (notice?.isConnected) return;
    notice = document.createElement('p');
    notice.className = 'comments-live-notice';
    const link = document.createElement('a');
    // Without the fragment: a link to the same page with only a new #hash would just scroll.
    link.href = browser.location.href.split('#')[0]!;
    link.textContent = 'refresh';
    notice.append('New comments — ', link);
    list.before(notice);
  }

  async function fetchComment(commentId: number): Promise<LiveElement | undefined> {
    const response = await browser.fetch(`/comments/${commentId}/fragment`, {
      credentials: 'same-origin',
      headers: { accept: 'text/html' },
    });
    // Not visible to this reader (held, removed meanwhile): nothing to show.
    if (!response.ok || !response.headers.get('content-type')?.startsWith('text/html')) return undefined;
    // A <template> parses without running scripts or loading images; the CSP forbids inline script anyway.
    const template = document.createElement('template');
    template.innerHTML = await response.text();
    const item = template.content.firstElementChild;
    if (template.content.childElementCount !== 1 || item?.tagName !== 'LI' || item.id !== `comment-${commentId}`) return undefined;
    return item;
  }

  function place(item: LiveElement): void {
    const parentId = item.getAttribute('data-parent-id');
    if (parentId) {
      const parent = /^\d+$/.test(parentId) ? document.getElementById(`comment-${parentId}`) : null;
      if (!parent) return showRefreshNotice();
      // The thread goes on past this comment on its own page ("Continue this thread"): the reply is there.
      if (parent.querySelector(':scope > .comment-continue')) return;
      let replies = parent.querySelector(':scope > ol.comment-replies');
      if (!replies) {
        replies = document.createElement('ol');
        replies.className = 'comment-replies';
        parent.append(replies);
      }
      replies.append(item);
    } else if (placement === 'prepend') {
      const first = list.querySelector(':scope > li');
      if (first) first.before(item);
      else list.append(item);
    } else {
      list.append(item);
    }
    document.querySelector('.comment-empty')?.remove();
  }

  async function show(event: CommentEvent): Promise<void> {
    for (const counter of document.querySelectorAll('[data-comment-count]')) counter.textContent = String(event.count);
    const id = `comment-${event.commentId}`;
    if (document.getElementById(id)) return;
    if (placement === 'notice') {
      showRefreshNotice();
      return announce();
    }
    const item = await fetchComment(event.commentId);
    // Checked again: the reader's own comment may have been added while we fetched.
    if (!item || document.getElementById(id)) return;
    place(item);
    announce();
  }

  // One at a time, in the order they arrived, so replies land after their parents.
  let queue = Promise.resolve();
  let source: ReturnType<typeof open> | undefined;
  function open() {
    const events = new browser.EventSource(url);
    events.addEventListener('comment', (message) => {
      const event = readEvent(message.data);
      if (event) queue = queue.then(() => show(event)).catch(() => undefined);
    });
    // More comments were missed (a long disconnection) than the server replays.
    events.addEventListener('gap', () => {
      queue = queue.then(() => showRefreshNotice());
    });
    return events;
  }

  source = open();
  // An open stream keeps the page out of the back/forward cache; close it on the way out.
  browser.addEventListener('pagehide', () => {
    source?.close();
    source = undefined;
  });
  browser.addEventListener('pageshow', (event) => {
    if (event.persisted && !source) source = open();
  });
}

const list = browser.document.querySelector('ol.comment-list[data-live-url]');
const url = list?.getAttribute('data-live-url');
// Only our own origin's stream (the CSP's connect-src says the same).
if (list && url?.startsWith('/comments/live/') && typeof browser.EventSource === 'function') startLiveComments(list, url);

// On an article page (cached and shared, so its count is as of rendering), the
// comments link refreshes its count once: GET /comments/count?article={id}.
const countLink = browser.document.querySelector('a[data-comment-count-url]');
const countUrl = countLink?.getAttribute('data-comment-count-url');
if (countLink && countUrl?.startsWith('/comments/count?')) {
  browser
    .fetch(countUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? response.text() : ''))
    .then((body) => {
      const count = body ? (JSON.parse(body) as { count?: unknown }).count : undefined;
      if (Number.isInteger(count) && (count as number) >= 0)
        countLink.textContent = count === 1 ? '1 comment' : `${String(count)} comments`;
    })
    .catch(() => undefined);
}
