// Staff moderation pages under /newsroom/moderation. Thin: guard (role read
// from the database on every request), CSRF, read the form, call one service
// function, then redirect back with a notice or show what was wrong. Pages
// are personal and never cached; everything works without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '#jsx/jsx-runtime';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { CSRF_FIELD, type Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole, type RouteGuard } from '../../core/http/guards.js';
import { parsePageParameter } from '../../core/http/paging.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { toLocalDateTimeValue } from './local-date-time.js';
import type * as queries from './moderation.queries.js';
import type { ModerationService } from './moderation.service.js';
import { MODERATION_ROLES, type ModerationOutcome } from './moderation.types.js';
import { isNotice, ProblemPage, type ModerationChrome } from './views/moderation-layout.js';
import { QueuePage, type QueueKind } from './views/queue-pages.js';
import { ArticleModerationPage, BannedWordsPage, LogPage, ReaderPage } from './views/target-pages.js';

export interface ModerationRoutesDependencies {
  clock: Clock;
  sessions: SessionManager;
  csrf: Csrf;
  moderation: ModerationService;
  loadSite: () => Promise<SiteContext>;
}

const HOME = '/newsroom/moderation';
const MAX_ID = 2_147_483_647;
const SUSPENSION_DEFAULT_MS = 7 * 24 * 3600_000;

type Form = Record<string, unknown>;

/** A route id: anything but a plain positive integer that fits the column is a 404, never a query. */
function idFrom(value: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > MAX_ID) throw new AppError('not-found');
  return Number(value);
}

function formOf(request: FastifyRequest): Form {
  const body = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new AppError('bad-request', 'form body is not a set of fields');
  return body as Form;
}

function textField(form: Form, name: string, max = 5000): string {
  const value = form[name];
  if (value === undefined) return '';
  if (typeof value !== 'string') throw new AppError('bad-request', `${name} is not a single value`);
  return value.slice(0, max);
}

function switchField(form: Form, name: string): boolean {
  const value = textField(form, name);
  if (value !== 'on' && value !== 'off') throw new AppError('bad-request', `${name} must be on or off`);
  return value === 'on';
}

/** Where an action returns to: a moderation page of this site, or the pending queue. */
function returnPath(form: Form): string {
  const value = form.returnTo;
  if (typeof value !== 'string' || value.length > 300) return HOME;
  if (!/^\/newsroom\/moderation(\/[a-z0-9/-]*)?(\?page=[1-9][0-9]{0,4})?$/.test(value)) return HOME;
  return value;
}

function html(reply: FastifyReply, page: SafeHtml, status = 200) {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(page.value);
}

export function registerModerationRoutes(app: FastifyInstance, deps: ModerationRoutesDependencies): void {
  const { sessions, csrf, moderation } = deps;
  const canModerate = requireRole(sessions, MODERATION_ROLES);
  // A signed-out form post is sent to sign in and back to the queue, not to the action's address (a GET there is a 404).
  const canPost: RouteGuard = async (request, reply) => {
    if (!(await sessions.current(request)))
      return reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent(HOME)}`, 303);
    return canModerate(request, reply);
  };

  async function chromeFor(request: FastifyRequest, reply: FastifyReply, currentPath: string): Promise<ModerationChrome> {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const notice = (request.query as Record<string, unknown> | undefined)?.notice;
    return {
      site: await deps.loadSite(),
      account: AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken }),
      csrfToken,
      notice: isNotice(notice) ? notice : undefined,
      currentPath,
    };
  }

  const pagePath = (path: string, page: number) => (page === 1 ? path : `${path}?page=${page}`);

  function queue(path: string, kind: QueueKind, list: (page: number) => Promise<queries.Page<queries.QueueComment>>) {
    app.get(path, { preHandler: canModerate }, async (request, reply) => {
      const page = parsePageParameter(request.query);
      const comments = await list(page);
      if (page > 1 && comments.items.length === 0) throw new AppError('not-found');
      const counts = await moderation.countQueues();
      return html(reply, QueuePage({ chrome: await chromeFor(request, reply, pagePath(path, page)), kind, comments, counts }));
    });
  }

  queue(HOME, 'pending', moderation.listPending);
  queue(`${HOME}/reported`, 'reported', moderation.listReported);
  queue(`${HOME}/recent`, 'recent', moderation.listRecent);

  app.get<{ Params: { id: string } }>(`${HOME}/readers/:id`, { preHandler: canModerate }, async (request, reply) => {
    const userId = idFrom(request.params.id);
    const now = deps.clock.now();
    const reader = await moderation.findReader(userId, now);
    if (!reader) throw new AppError('not-found');
    const chrome = await chromeFor(request, reply, `${HOME}/readers/${userId}`);
    return html(
      reply,
      ReaderPage({
        chrome,
        reader,
        suspendDefault: toLocalDateTimeValue(new Date(now.getTime() + SUSPENSION_DEFAULT_MS), chrome.site.timeZone),
      }),
    );
  });

  app.get<{ Params: { id: string } }>(`${HOME}/articles/:id`, { preHandler: canModerate }, async (request, reply) => {
    const articleId = idFrom(request.params.id);
    const article = await moderation.findArticle(articleId);
    if (!article) throw new AppError('not-found');
    return html(reply, ArticleModerationPage({ chrome: await chromeFor(request, reply, `${HOME}/articles/${articleId}`), article }));
  });

  app.get(`${HOME}/banned-words`, { preHandler: canModerate }, async (request, reply) => {
    const words = await moderation.listBannedWords();
    return html(reply, BannedWordsPage({ chrome: await chromeFor(request, reply, `${HOME}/banned-words`), words }));
  });

  app.get(`${HOME}/log`, { preHandler: canModerate }, async (request, reply) => {
    const page = parsePageParameter(request.query);
    const entries = await moderation.listLogEntries(page);
    if (page > 1 && entries.items.length === 0) throw new AppError('not-found');
    return html(reply, LogPage({ chrome: await chromeFor(request, reply, pagePath(`${HOME}/log`, page)), entries }));
  });

  type Action = (input: { staffId: number; id: number; form: Form }) => Promise<ModerationOutcome>;

  /** A moderation form post about the thing `:id` names (or nothing, with `hasId: false`). */
  function action(path: string, run: Action, options: { hasId?: boolean } = {}): void {
    app.post<{ Params: { id?: string } }>(path, { preHandler: canPost }, async (request, reply) => {
      const session: CurrentSession = await guardedSession(sessions, request);
      const form = formOf(request);
      if (!csrf.verify(request, session.id, form[CSRF_FIELD])) throw new AppError('forbidden', 'CSRF token missing or invalid');
      const id = options.hasId === false ? 0 : idFrom(request.params.id ?? '');
      const backTo = returnPath(form);
      const outcome = await run({ staffId: session.user.id, id, form });
      if (outcome.kind === 'not-found') throw new AppError('not-found');
      if (outcome.kind === 'invalid' || outcome.kind === 'conflict') {
        return html(
          reply,
          ProblemPage({ chrome: await chromeFor(request, reply, backTo), message: outcome.message, backTo }),
          outcome.kind === 'invalid' ? 422 : 409,
        );
      }
      const location = `${backTo}${backTo.includes('?') ? '&' : '?'}notice=${outcome.notice}`;
      return reply.header('cache-control', 'no-store').redirect(location, 303);
    });
  }

  const comment = `${HOME}/comments/:id`;
  action(`${comment}/approve`, ({ staffId, id }) => moderation.approveComment({ staffId, commentId: id }));
  action(`${comment}/reject`, ({ staffId, id, form }) =>
    moderation.rejectComment({ staffId, commentId: id, reason: textField(form, 'reason') }),
  );
  action(`${comment}/feature`, ({ staffId, id }) => moderation.setCommentFeatured({ staffId, commentId: id, isFeatured: true }));
  action(`${comment}/unfeature`, ({ staffId, id }) => moderation.setCommentFeatured({ staffId, commentId: id, isFeatured: false }));
  action(`${comment}/resolve-reports`, ({ staffId, id }) => moderation.resolveReports({ staffId, commentId: id }));

  const article = `${HOME}/articles/:id`;
  action(`${article}/close`, ({ staffId, id }) => moderation.setArticleCommentsOpen({ staffId, articleId: id, isOpen: false }));
  action(`${article}/open`, ({ staffId, id }) => moderation.setArticleCommentsOpen({ staffId, articleId: id, isOpen: true }));
  action(`${article}/premoderation`, ({ staffId, id, form }) =>
    moderation.setArticlePremoderated({ staffId, articleId: id, isPremoderated: switchField(form, 'premoderated') }),
  );

  const reader = `${HOME}/readers/:id`;
  action(`${reader}/premoderation`, ({ staffId, id, form }) =>
    moderation.setReaderPremoderated({ staffId, userId: id, isPremoderated: switchField(form, 'premoderated') }),
  );
  action(`${reader}/suspend`, ({ staffId, id, form }) =>
    moderation.suspendReader({ staffId, userId: id, until: textField(form, 'until', 100), reason: textField(form, 'reason') }),
  );
  action(`${reader}/ban`, ({ staffId, id, form }) => moderation.banReader({ staffId, userId: id, reason: textField(form, 'reason') }));
  action(`${reader}/lift`, ({ staffId, id }) => moderation.liftReaderRestrictions({ staffId, userId: id }));

  action(
    `${HOME}/banned-words`,
    ({ staffId, form }) => {
      const choice = textField(form, 'action');
      if (choice !== 'reject' && choice !== 'hold')
        return Promise.resolve<ModerationOutcome>({ kind: 'invalid', message: 'Choose whether to reject or hold comments containing it.' });
      return moderation.addBannedWord({ staffId, phrase: textField(form, 'phrase', 1000), action: choice });
    },
    { hasId: false },
  );
  action(`${HOME}/banned-words/:id/remove`, ({ staffId, id }) => moderation.removeBannedWord({ staffId, id }));
}
