// How a page built for one request leaves the server: its status, its type and
// who may keep it. Pages sent through the PageSender (pages.sendBuiltPage) also
// get the reader's account corner and compression.
import type { FastifyReply } from 'fastify';
import type { SafeHtml } from '#jsx/jsx-runtime';

/**
 * `no-store`: personal pages nobody should keep (account, staff, forms with secrets).
 * `private`: pages that depend on the reader's cookies; a browser may keep them but must revalidate.
 */
export type HtmlCaching = 'no-store' | 'private';

export interface HtmlReplyOptions {
  status?: number;
  caching: HtmlCaching;
}

/** Sets the status and headers of an HTML response; the body is sent by the caller. */
export function prepareHtmlReply(reply: FastifyReply, options: HtmlReplyOptions): FastifyReply {
  reply.code(options.status ?? 200).header('content-type', 'text/html; charset=utf-8');
  if (options.caching === 'no-store') return reply.header('cache-control', 'no-store');
  return reply.header('cache-control', 'private, no-cache').header('vary', 'Cookie');
}

/** Sends a page as it is, without the account corner (staff pages render their own). */
export function sendHtml(reply: FastifyReply, page: SafeHtml, options: HtmlReplyOptions): FastifyReply {
  return prepareHtmlReply(reply, options).send(page.value);
}
