// Sends a cached page. Anonymous readers get the shared precompressed bytes;
// a signed-in reader gets the same page with the account corner replaced
// (ACCOUNT_SLOT markers), compressed for them and marked private. Requests
// without a session cookie never touch the database. A page may also carry a
// slot filled per request (the registration form under the wall, whose
// tokens belong to one browser); such responses are private too.
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCOUNT_SLOT_END, ACCOUNT_SLOT_START } from '../views/account-nav.js';
import { chooseEncoding, PRIVATE_CACHE_CONTROL, sendCachedResponse, type CachedResponse } from './cached-response.js';
import { clearCookie, readCookie, type CookieSettings } from './cookies.js';
import { SESSION_COOKIE, type CurrentSession, type SessionManager } from './sessions.js';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const NOTICE_COOKIE = 'mh_notice';

export interface PageSenderOptions {
  sessions: SessionManager;
  cookies: CookieSettings;
  /** Renders the account corner (including its markers) for a signed-in reader. */
  renderAccountSlot(request: FastifyRequest, reply: FastifyReply, session: CurrentSession, notice: string | undefined): string;
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

interface SplitPage {
  before: string;
  after: string;
}

export function createPageSender(senderOptions: PageSenderOptions) {
  const splits = new WeakMap<CachedResponse, SplitPage | null>();

  function split(response: CachedResponse): SplitPage | null {
    let parts = splits.get(response);
    if (parts === undefined) {
      const html = response.identity.toString('utf8');
      const start = html.indexOf(ACCOUNT_SLOT_START);
      const end = html.indexOf(ACCOUNT_SLOT_END, start);
      parts = start === -1 || end === -1 ? null : { before: html.slice(0, start), after: html.slice(end + ACCOUNT_SLOT_END.length) };
      splits.set(response, parts);
    }
    return parts;
  }

  function accountSlotFor(request: FastifyRequest, reply: FastifyReply, session: CurrentSession): string {
    const notice = readCookie(request, NOTICE_COOKIE);
    if (notice) clearCookie(reply, NOTICE_COOKIE, senderOptions.cookies);
    return senderOptions.renderAccountSlot(request, reply, session, notice);
  }

  /**
   * For pages rendered per request (account forms, messages): puts the
   * signed-in reader's corner into a page built with the signed-out one.
   */
  async function personalise(request: FastifyRequest, reply: FastifyReply, html: string): Promise<string> {
    if (!request.headers.cookie?.includes(SESSION_COOKIE)) return html;
    const start = html.indexOf(ACCOUNT_SLOT_START);
    const end = html.indexOf(ACCOUNT_SLOT_END, start);
    if (start === -1 || end === -1) return html;
    const session = await senderOptions.sessions.current(request);
    if (!session) return html;
    return html.slice(0, start) + accountSlotFor(request, reply, session) + html.slice(end + ACCOUNT_SLOT_END.length);
  }

  async function send(request: FastifyRequest, reply: FastifyReply, response: CachedResponse, options: SendOptions = {}): Promise<FastifyReply> {
    const cookieHeader = request.headers.cookie;
    const parts = cookieHeader?.includes(SESSION_COOKIE) && response.status === 200 ? split(response) : null;
    const session = parts ? await senderOptions.sessions.current(request) : null;
    if (!session && !options.slot) return sendCachedResponse(request, reply, response, options.personal);

    let html = parts && session ? parts.before + accountSlotFor(request, reply, session) + parts.after : response.identity.toString('utf8');
    if (options.slot) html = replaceBetween(html, options.slot.start, options.slot.end, await options.slot.render());
    reply
      .code(response.status)
      .header('content-type', response.contentType)
      .header('cache-control', PRIVATE_CACHE_CONTROL)
      .header('vary', 'Accept-Encoding, Cookie');
    const encoding = chooseEncoding(request.headers['accept-encoding']);
    // Fast settings: this body is compressed per request, not once per revision.
    if (encoding === 'br') {
      return reply.header('content-encoding', 'br').send(await brotliAsync(html, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } }));
    }
    if (encoding === 'gzip') return reply.header('content-encoding', 'gzip').send(await gzipAsync(html, { level: 6 }));
    return reply.send(html);
  }

  return { send, personalise };
}

export type PageSender = ReturnType<typeof createPageSender>;
