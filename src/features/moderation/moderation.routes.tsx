// Staff moderation pages under /newsroom/moderation. Thin: guard (role read
// from the database on every request), CSRF, read the form, call one service
// function, then redirect back with a notice or show what was wrong. Pages
// are personal and never cached; everything works without JavaScript.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole, type RouteGuard } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { inputs, requireForm, type ZodTypeProvider } from '../../core/http/route-input.js';
import type { CurrentSession, SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { toLocalDateTimeValue } from './local-date-time.js';
import type * as queries from './moderation.queries.js';
import type { ModerationService } from './moderation.service.js';
import { MODERATION_ROLES, type ModerationOutcome } from './moderation.types.js';
import { isNotice, ProblemPage, type ModerationChrome } from './views/moderation-layout.js';
import { QueuePage, type HeldElsewhere, type QueueKind } from './views/queue-pages.js';
import { ArticleModerationPage, BannedWordsPage, LogPage, ReaderPage } from './views/target-pages.js';

export interface ModerationRoutesDependencies {
  clock: Clock;
  sessions: SessionManager;
  csrf: Csrf;
  moderation: ModerationService;
  loadSite: () => Promise<SiteContext>;
  /**
   * Other features' writing held by the same policy (event questions): the
   * pending queue shows how many wait and links to where they are handled.
   */
  heldElsewhere?: HeldElsewhere[];
}

const HOME = '/newsroom/moderation';
const SUSPENSION_DEFAULT_MS = 7 * 24 * 3600_000;

// Staff forms have no page to show again: a field no form of ours would send
// (a repeated field, a switch that is neither on nor off) is a 400 (requireForm).
/** Text cut to `max` characters; absent is '', anything but one string fails. */
const text = (max = 5000) =>
  z
    .string('must be a single value')
    .optional()
    .transform((value) => (value ?? '').slice(0, max));
/** A switch the form sends as "on" or "off". */
const onOff = () => z.enum(['on', 'off'], 'must be on or off').transform((value) => value === 'on');
/** Where an action returns to: a moderation page of this site, or the pending queue. */
const returnPath = () =>
  z
    .string()
    .max(300)
    .regex(/^\/newsroom\/moderation(\/[a-z0-9/-]*)?(\?page=[1-9][0-9]{0,4})?$/)
    .catch(HOME);

const RETURN_FORM = z.object({ returnTo: returnPath() });
const NO_FIELDS = z.object({});
const REASON_FORM = z.object({ reason: text() });
const SWITCH_FORM = z.object({ premoderated: onOff() });
const SUSPEND_FORM = z.object({ until: text(100), reason: text() });
const BANNED_WORD_FORM = z.object({
  // Anything but the two choices is answered on the problem page, like any other invalid entry.
  action: text().transform((value) => (value === 'reject' || value === 'hold' ? value : null)),
  phrase: text(1000),
});

const ID_PARAMS = z.object({ id: inputs.id() });
const NOTICE_QUERY = z.object({ notice: inputs.optionalText(60) });
const LIST_QUERY = z.object({ page: inputs.page(), notice: inputs.optionalText(60) });

export function registerModerationRoutes(app: FastifyInstance, deps: ModerationRoutesDependencies): void {
  const { sessions, csrf, moderation } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const canModerate = requireRole(sessions, MODERATION_ROLES);
  // A signed-out form post is sent to sign in and back to the queue, not to the action's address (a GET there is a 404).
  const canPost: RouteGuard = async (request, reply) => {
    if (!(await sessions.current(request)))
      return reply.header('cache-control', 'no-store').redirect(`/signin?next=${encodeURIComponent(HOME)}`, 303);
    return canModerate(request, reply);
  };

  async function chromeFor(request: FastifyRequest, reply: FastifyReply, currentPath: string, notice?: string): Promise<ModerationChrome> {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
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
    routes.get(path, { preValidation: canModerate, schema: { querystring: LIST_QUERY } }, async (request, reply) => {
      const { page, notice } = request.query;
      const comments = await list(page);
      if (page > 1 && comments.items.length === 0) throw new AppError('not-found');
      const counts = await moderation.countQueues();
      const elsewhere =
        kind === 'pending'
          ? await Promise.all((deps.heldElsewhere ?? []).map(async (held) => ({ ...held, waiting: await held.count() })))
          : [];
      const chrome = await chromeFor(request, reply, pagePath(path, page), notice);
      return sendHtml(reply, QueuePage({ chrome, kind, comments, counts, elsewhere }), { caching: 'no-store' });
    });
  }

  queue(HOME, 'pending', moderation.listPending);
  queue(`${HOME}/reported`, 'reported', moderation.listReported);
  queue(`${HOME}/recent`, 'recent', moderation.listRecent);

  const readerPage = { preValidation: canModerate, schema: { params: ID_PARAMS, querystring: NOTICE_QUERY } };
  routes.get(`${HOME}/readers/:id`, readerPage, async (request, reply) => {
    const userId = request.params.id;
    const now = deps.clock.now();
    const reader = await moderation.findReader(userId, now);
    if (!reader) throw new AppError('not-found');
    const chrome = await chromeFor(request, reply, `${HOME}/readers/${userId}`, request.query.notice);
    const suspendDefault = toLocalDateTimeValue(new Date(now.getTime() + SUSPENSION_DEFAULT_MS), chrome.site.timeZone);
    return sendHtml(reply, ReaderPage({ chrome, reader, suspendDefault }), { caching: 'no-store' });
  });

  const articlePage = { preValidation: canModerate, schema: { params: ID_PARAMS, querystring: NOTICE_QUERY } };
  routes.get(`${HOME}/articles/:id`, articlePage, async (request, reply) => {
    const articleId = request.params.id;
    const article = await moderation.findArticle(articleId);
    if (!article) throw new AppError('not-found');
    const chrome = await chromeFor(request, reply, `${HOME}/articles/${articleId}`, request.query.notice);
    return sendHtml(reply, ArticleModerationPage({ chrome, article }), { caching: 'no-store' });
  });

  routes.get(`${HOME}/banned-words`, { preValidation: canModerate, schema: { querystring: NOTICE_QUERY } }, async (request, reply) => {
    const words = await moderation.listBannedWords();
    const chrome = await chromeFor(request, reply, `${HOME}/banned-words`, request.query.notice);
    return sendHtml(reply, BannedWordsPage({ chrome, words }), { caching: 'no-store' });
  });

  routes.get(`${HOME}/log`, { preValidation: canModerate, schema: { querystring: LIST_QUERY } }, async (request, reply) => {
    const { page, notice } = request.query;
    const entries = await moderation.listLogEntries(page);
    if (page > 1 && entries.items.length === 0) throw new AppError('not-found');
    const chrome = await chromeFor(request, reply, pagePath(`${HOME}/log`, page), notice);
    return sendHtml(reply, LogPage({ chrome, entries }), { caching: 'no-store' });
  });

  type Action<Form> = (input: { staffId: number; id: number; form: Form }) => Promise<ModerationOutcome>;

  /** A moderation form post about the thing `:id` names (`hasId: false`: the path names nothing), with the form `schema` describes. */
  function action<Schema extends z.ZodType>(
    path: string,
    schema: Schema,
    run: Action<z.output<Schema>>,
    options: { hasId?: boolean } = {},
  ) {
    const params = options.hasId === false ? z.object({}) : ID_PARAMS;
    routes.post(path, { preValidation: canPost, schema: { params } }, async (request, reply) => {
      const session: CurrentSession = await guardedSession(sessions, request);
      csrf.requireFormToken(request, session.id);
      const id = 'id' in request.params ? request.params.id : 0;
      const backTo = requireForm(request, RETURN_FORM).returnTo;
      const outcome = await run({ staffId: session.user.id, id, form: requireForm(request, schema) });
      if (outcome.kind === 'not-found') throw new AppError('not-found');
      if (outcome.kind === 'invalid' || outcome.kind === 'conflict') {
        const page = ProblemPage({ chrome: await chromeFor(request, reply, backTo), message: outcome.message, backTo });
        return sendHtml(reply, page, { status: outcome.kind === 'invalid' ? 422 : 409, caching: 'no-store' });
      }
      const location = `${backTo}${backTo.includes('?') ? '&' : '?'}notice=${outcome.notice}`;
      return reply.header('cache-control', 'no-store').redirect(location, 303);
    });
  }

  const comment = `${HOME}/comments/:id`;
  action(`${comment}/approve`, NO_FIELDS, ({ staffId, id }) => moderation.approveComment({ staffId, commentId: id }));
  action(`${comment}/reject`, REASON_FORM, ({ staffId, id, form }) =>
    moderation.rejectComment({ staffId, commentId: id, reason: form.reason }),
  );
  action(`${comment}/feature`, NO_FIELDS, ({ staffId, id }) => moderation.setCommentFeatured({ staffId, commentId: id, isFeatured: true }));
  action(`${comment}/unfeature`, NO_FIELDS, ({ staffId, id }) =>
    moderation.setCommentFeatured({ staffId, commentId: id, isFeatured: false }),
  );
  action(`${comment}/resolve-reports`, NO_FIELDS, ({ staffId, id }) => moderation.resolveReports({ staffId, commentId: id }));

  const article = `${HOME}/articles/:id`;
  action(`${article}/close`, NO_FIELDS, ({ staffId, id }) => moderation.setArticleCommentsOpen({ staffId, articleId: id, isOpen: false }));
  action(`${article}/open`, NO_FIELDS, ({ staffId, id }) => moderation.setArticleCommentsOpen({ staffId, articleId: id, isOpen: true }));
  action(`${article}/premoderation`, SWITCH_FORM, ({ staffId, id, form }) =>
    moderation.setArticlePremoderated({ staffId, articleId: id, isPremoderated: form.premoderated }),
  );

  const reader = `${HOME}/readers/:id`;
  action(`${reader}/premoderation`, SWITCH_FORM, ({ staffId, id, form }) =>
    moderation.setReaderPremoderated({ staffId, userId: id, isPremoderated: form.premoderated }),
  );
  action(`${reader}/suspend`, SUSPEND_FORM, ({ staffId, id, form }) =>
    moderation.suspendReader({ staffId, userId: id, until: form.until, reason: form.reason }),
  );
  action(`${reader}/ban`, REASON_FORM, ({ staffId, id, form }) => moderation.banReader({ staffId, userId: id, reason: form.reason }));
  action(`${reader}/lift`, NO_FIELDS, ({ staffId, id }) => moderation.liftReaderRestrictions({ staffId, userId: id }));

  action(
    `${HOME}/banned-words`,
    BANNED_WORD_FORM,
    ({ staffId, form }) => {
      if (!form.action)
        return Promise.resolve<ModerationOutcome>({ kind: 'invalid', message: 'Choose whether to reject or hold comments containing it.' });
      return moderation.addBannedWord({ staffId, phrase: form.phrase, action: form.action });
    },
    { hasId: false },
  );
  action(`${HOME}/banned-words/:id/remove`, NO_FIELDS, ({ staffId, id }) => moderation.removeBannedWord({ staffId, id }));
}
