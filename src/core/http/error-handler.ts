// The one place expected failures become status codes and reader-facing pages.
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, statusForErrorCode } from '../errors.js';

export interface ErrorPageRenderer {
  (status: number, heading: string, message: string): Promise<string>;
}

const MESSAGES: Record<number, { heading: string; message: string }> = {
  400: {
    heading: 'That request could not be understood',
    message: 'The address or form contained something we could not read. Please check it and try again.',
  },
  403: {
    heading: 'Not allowed',
    message: 'You do not have permission to do that. If you were filling in a form, please reload the page and try again.',
  },
  404: { heading: 'Page not found', message: 'Sorry, we could not find that page. It may have moved, or the address may be mistyped.' },
  405: { heading: 'Not allowed', message: 'That action is not available at this address.' },
  410: { heading: 'This article has been removed', message: 'The article that was here is no longer available.' },
  413: { heading: 'Too large', message: 'What you sent was larger than we accept.' },
  415: { heading: 'Unsupported format', message: 'What you sent was in a format we do not accept.' },
  429: { heading: 'Too many requests', message: 'Please wait a moment and try again.' },
  500: { heading: 'Something went wrong', message: 'Sorry, something went wrong on our side. Please try again in a moment.' },
};

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}

export async function sendErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  render: ErrorPageRenderer,
): Promise<FastifyReply> {
  const text = MESSAGES[status] ?? MESSAGES[status >= 500 ? 500 : 400]!;
  reply.code(status).header('cache-control', 'no-store');
  if (!wantsHtml(request)) return reply.type('text/plain; charset=utf-8').send(`${text.heading}\n`);
  return reply.type('text/html; charset=utf-8').send(await render(status, text.heading, text.message));
}

export function registerErrorHandling(
  app: FastifyInstance,
  log: FastifyBaseLogger,
  render: ErrorPageRenderer,
  /** Where a request no route answered may have moved (an imported site's old addresses); asked before a 404. */
  findRedirect?: (request: FastifyRequest) => Promise<string | null>,
): void {
  const safeRender: ErrorPageRenderer = async (status, heading, message) => {
    try {
      return await render(status, heading, message);
    } catch (error) {
      // The page chrome needs the database; if that is what failed, say so plainly.
      log.error({ err: error }, 'error page could not be rendered');
      return `<!doctype html><html lang="en"><title>${status}</title><h1>${heading}</h1><p>${message}</p></html>`;
    }
  };

  const sendNotFound = async (request: FastifyRequest, reply: FastifyReply) => {
    const location = findRedirect
      ? await findRedirect(request).catch((error: unknown) => {
          log.error({ err: error, url: request.url }, 'redirect lookup failed');
          return null;
        })
      : null;
    if (location !== null) return reply.redirect(location, 301);
    return sendErrorPage(request, reply, 404, safeRender);
  };
  app.setNotFoundHandler(sendNotFound);

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.code === 'not-found') return sendNotFound(request, reply);
      if (error.details.retryAfterSeconds) reply.header('retry-after', String(error.details.retryAfterSeconds));
      return sendErrorPage(request, reply, statusForErrorCode[error.code], safeRender);
    }
    // A path parameter that fails its route's schema names no page: 404, as an unknown id would.
    if (error.validation && error.validationContext === 'params') return sendNotFound(request, reply);
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) log.error({ err: error, method: request.method, url: request.url }, 'request failed');
    else log.debug({ code: error.code, status, url: request.url }, 'client error');
    return sendErrorPage(request, reply, status, safeRender);
  });
}
