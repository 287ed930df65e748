// Sends a cached page. Anonymous readers get the shared precompressed bytes;
// a signed-in reader gets the same page with the account corner replaced
// (ACCOUNT_SLOT markers), compressed for them and marked private. Requests
// without a session cookie never touch the database.
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACCOUNT_SLOT_END, ACCOUNT_SLOT_START } from '../views/account-nav.js';
import { chooseEncoding, sendCachedResponse, type CachedResponse } from './cached-response.js';
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

interface SplitPage {
  before: string;
  after: string;
}

export function createPageSender(options: PageSenderOptions) {
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
    if (notice) clearCookie(reply, NOTICE_COOKIE, options.cookies);
    return options.renderAccountSlot(request, reply, session, notice);
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
    const session = await options.sessions.current(request);
    if (!session) return html;
    return html.slice(0, start) + accountSlotFor(request, reply, session) + html.slice(end + ACCOUNT_SLOT_END.length);
  }

  async function send(request: FastifyRequest, reply: FastifyReply, response: CachedResponse): Promise<FastifyReply> {
    const cookieHeader = request.headers.cookie;
    if (!cookieHeader || !cookieHeader.includes(SESSION_COOKIE) || response.status !== 200) return sendCachedResponse(request, reply, response);
    const parts = split(response);
    const session = parts ? await options.sessions.current(request) : null;
    if (!parts || !session) return sendCachedResponse(request, reply, response);

    const html = parts.before + accountSlotFor(request, reply, session) + parts.after;
    reply
      .code(200)
      .header('content-type', response.contentType)
      .header('cache-control', 'private, no-cache')
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
