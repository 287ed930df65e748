// Sends a cached page. Anonymous readers get the shared precompressed bytes;
// a signed-in reader gets the same page with the account corner replaced
// (ACCOUNT_SLOT markers), marked private. Requests without a session cookie
// never touch the database. A page may also carry a slot filled per request
// (the registration form under the wall, whose tokens belong to one browser);
// such responses are private too. Personal responses are gzip stitched from
// the page's shared pieces, compressed once, and the personal ones
// (gzip-stitch.ts): brotli cannot be stitched, and recompressing the whole
// page per request cost ~20x the CPU of a cached page (docs/benchmarks.md).
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCOUNT_SLOT_END, ACCOUNT_SLOT_START } from '../views/account-nav.js';
import { acceptsGzip, PRIVATE_CACHE_CONTROL, sendCachedResponse, type CachedResponse } from './cached-response.js';
import { clearCookie, readCookie, type CookieSettings } from './cookies.js';
import { deflatePersonalPiece, deflatePiece, stitchGzip, type DeflatedPiece } from './gzip-stitch.js';
import { SESSION_COOKIE, type CurrentSession, type SessionManager } from './sessions.js';
import { prepareHtmlReply, type HtmlReplyOptions } from './html-reply.js';
import type { SafeHtml } from '#jsx/jsx-runtime';

export const NOTICE_COOKIE = 'mh_notice';

/** A page that fits in one TCP packet arrives no sooner compressed. */
export const COMPRESS_PAGES_FROM_BYTES = 1400;

/**
 * Whether a page built for one request is worth compressing. Pages carrying
 * CSRF tokens beside text other people wrote (comments) are compressed too:
 * compressing a secret with attacker-chosen text lets an observer of
 * response sizes guess it (BREACH), which is why every page gets its token
 * under a fresh mask (csrf.ts) — the bytes to guess change with each response.
 */
export function mayCompressBuiltPage(html: string): boolean {
  return html.length >= COMPRESS_PAGES_FROM_BYTES;
}

export interface PageSenderOptions {
  sessions: SessionManager;
  cookies: CookieSettings;
  /** Renders the account corner (including its markers) for a signed-in reader. */
  renderAccountSlot(
    request: FastifyRequest,
    reply: FastifyReply,
    session: CurrentSession,
    notice: string | undefined,
  ): string | Promise<string>;
}

export interface SendOptions {
  /** The bytes were chosen by the reader's cookies (e.g. the meter): private, never shared-cached. */
  personal?: boolean;
  /** Replace what is between `start` and `end` with `render()`'s HTML, per request. */
  slot?: { start: string; end: string; render: () => string | Promise<string> };
}

function replaceBetween(html: string, start: string, end: string, replacement: string): string {
  const from = html.indexOf(start);
  const to = html.indexOf(end, from);
  if (from === -1 || to === -1) return html;
  return html.slice(0, from) + replacement + html.slice(to + end.length);
}

type TemplatePart = { kind: 'static'; piece: DeflatedPiece } | { kind: 'slot'; name: 'account' | 'extra'; fallback: DeflatedPiece };

/**
 * A cached page cut at its personal slots, the shared pieces compressed once
 * (raw deflate, gzip-stitch.ts), so a personal response compresses only what
 * is personal.
 */
function buildTemplate(html: string, extra: { start: string; end: string } | undefined): TemplatePart[] {
  const markers = [
    { name: 'account' as const, start: ACCOUNT_SLOT_START, end: ACCOUNT_SLOT_END },
    ...(extra ? [{ name: 'extra' as const, ...extra }] : []),
  ];
  const found = markers
    .map((marker) => {
      const from = html.indexOf(marker.start);
      const endAt = from === -1 ? -1 : html.indexOf(marker.end, from);
      return { name: marker.name, from, to: endAt === -1 ? -1 : endAt + marker.end.length };
    })
    .filter((marker) => marker.from !== -1 && marker.to !== -1)
    .sort((a, b) => a.from - b.from);
  const parts: TemplatePart[] = [];
  let cursor = 0;
  for (const marker of found) {
    if (marker.from < cursor) continue; // overlapping markers: keep the first
    parts.push({ kind: 'static', piece: deflatePiece(html.slice(cursor, marker.from)) });
    parts.push({ kind: 'slot', name: marker.name, fallback: deflatePiece(html.slice(marker.from, marker.to)) });
    cursor = marker.to;
  }
  parts.push({ kind: 'static', piece: deflatePiece(html.slice(cursor)) });
  return parts;
}

export function createPageSender(senderOptions: PageSenderOptions) {
  const templates = new WeakMap<CachedResponse, Map<string, TemplatePart[]>>();

  function templateFor(response: CachedResponse, extra: { start: string; end: string } | undefined): TemplatePart[] {
    let byExtra = templates.get(response);
    if (!byExtra) templates.set(response, (byExtra = new Map()));
    const key = extra?.start ?? '';
    let template = byExtra.get(key);
    if (!template) byExtra.set(key, (template = buildTemplate(response.identity.toString('utf8'), extra)));
    return template;
  }

  function hasAccountSlot(response: CachedResponse): boolean {
    return templateFor(response, undefined).some((part) => part.kind === 'slot');
  }

  function accountSlotFor(request: FastifyRequest, reply: FastifyReply, session: CurrentSession): string | Promise<string> {
    const notice = readCookie(request, NOTICE_COOKIE);
    if (notice) clearCookie(reply, NOTICE_COOKIE, senderOptions.cookies);
    return senderOptions.renderAccountSlot(request, reply, session, notice);
  }

  /**
   * For pages rendered per request (account forms, messages): puts the
   * signed-in reader's corner into a page built with the signed-out one.
   */
  async function personalise(request: FastifyRequest, reply: FastifyReply, html: string): Promise<string> {
    if (!request.headers.cookie?.includes(SESSION_COOKIE) || !html.includes(ACCOUNT_SLOT_START)) return html;
    const session = await senderOptions.sessions.current(request);
    if (!session) return html;
    return replaceBetween(html, ACCOUNT_SLOT_START, ACCOUNT_SLOT_END, await accountSlotFor(request, reply, session));
  }

  async function send(
    request: FastifyRequest,
    reply: FastifyReply,
    response: CachedResponse,
    options: SendOptions = {},
  ): Promise<FastifyReply> {
    const signedIn = response.status === 200 && request.headers.cookie?.includes(SESSION_COOKIE) && hasAccountSlot(response);
    const session = signedIn ? await senderOptions.sessions.current(request) : null;
    if (!session && !options.slot) return sendCachedResponse(request, reply, response, options.personal);

    const fills: Partial<Record<'account' | 'extra', string>> = {};
    if (session) fills.account = await accountSlotFor(request, reply, session);
    if (options.slot) fills.extra = await options.slot.render();
    const template = templateFor(response, options.slot);
    reply
      .code(response.status)
      .header('content-type', response.contentType)
      .header('cache-control', PRIVATE_CACHE_CONTROL)
      .header('vary', 'Accept-Encoding, Cookie');
    if (acceptsGzip(request.headers['accept-encoding'])) {
      const pieces = template.map((part) => {
        if (part.kind === 'static') return part.piece;
        const fill = fills[part.name];
        return fill === undefined ? part.fallback : deflatePersonalPiece(fill);
      });
      return reply.header('content-encoding', 'gzip').send(stitchGzip(pieces));
    }
    const fill = (part: TemplatePart & { kind: 'slot' }) => {
      const text = fills[part.name];
      return text === undefined ? part.fallback.text : Buffer.from(text);
    };
    return reply.send(Buffer.concat(template.map((part) => (part.kind === 'static' ? part.piece.text : fill(part)))));
  }

  /**
   * Sends a page built for this request (its caller sets the status and
   * cache headers): the account corner filled in, and gzip (level 1: a
   * 160 KB comment thread in ~0.5 ms, to ~12 KB) when the browser accepts it
   * and the page is big enough to gain.
   */
  async function sendPage(request: FastifyRequest, reply: FastifyReply, html: string): Promise<FastifyReply> {
    const body = await personalise(request, reply, html);
    const vary = reply.getHeader('vary');
    reply.header('vary', vary ? `${String(vary)}, Accept-Encoding` : 'Accept-Encoding');
    if (!acceptsGzip(request.headers['accept-encoding']) || !mayCompressBuiltPage(body)) return reply.send(body);
    return reply.header('content-encoding', 'gzip').send(gzipSync(body, { level: 1 }));
  }

  /** A page built for this request, with its status and caching (html-reply.ts), sent as `sendPage` sends. */
  function sendBuiltPage(reply: FastifyReply, page: SafeHtml, options: HtmlReplyOptions): Promise<FastifyReply> {
    return sendPage(reply.request, prepareHtmlReply(reply, options), page.value);
  }

  return { send, personalise, sendPage, sendBuiltPage };
}

export type PageSender = ReturnType<typeof createPageSender>;
