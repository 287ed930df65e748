// The newsroom's fronts (editors and admins): `/newsroom/fronts` lists the
// home front and every section's; `/newsroom/fronts/<home|section path>` is
// one front's editor. Its form posts the proposed pinned stories with the
// operation a button names (search, pin, unpin, move, preview, save); only
// `save` stores anything, and only if the front is still at the form's
// version (409 otherwise). The preview is the reader's page rendered from
// the proposal: `no-store`, `noindex`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors.js';
import type { Csrf } from '../../core/http/csrf.js';
import { guardedSession, requireRole } from '../../core/http/guards.js';
import { sendHtml } from '../../core/http/html-reply.js';
import { MAX_ID, requireForm } from '../../core/http/route-input.js';
import type { SessionManager } from '../../core/http/sessions.js';
import { AccountNav } from '../../core/views/account-nav.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { MAX_FRONT_SLOTS, type FrontRef, type FrontsService } from '../articles/articles.service.js';
import { EDITOR_ROLES } from './newsroom-actor.js';
import { FrontEditorPage, FrontListPage, type FrontEditorProps } from './views/front-pages.js';

export interface FrontRoutesDependencies {
  fronts: FrontsService;
  sessions: SessionManager;
  csrf: Csrf;
  loadSite: () => Promise<SiteContext>;
}

/** `home`, or a section's path (at most four levels, as reader URLs). */
const FRONT_NAME = /^(?:home|[a-z0-9-]{1,80}(?:\/[a-z0-9-]{1,80}){0,3})$/;
const ID = /^[1-9][0-9]{0,9}$/;
const formId = z
  .string()
  .regex(ID)
  .transform(Number)
  .refine((id) => id <= MAX_ID);

/** The proposed slots (one `slot` field per pinned story, in order) and what to do with them. */
const FRONT_FORM = z.object({
  version: z
    .string()
    .regex(/^(?:0|[1-9][0-9]{0,9})$/, 'Reload the page and try again.')
    .transform(Number),
  slot: z
    .union([formId, z.array(formId).max(MAX_FRONT_SLOTS + 1)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value])),
  q: z
    .unknown()
    .optional()
    .transform((value) => (typeof value === 'string' ? value.slice(0, 200).replaceAll('\u0000', '') : '')),
  op: z
    .string()
    .regex(/^(?:search|preview|save|(?:add|remove|up|down)-[0-9]{1,10})$/)
    .transform((value) => {
      const [verb, number] = value.split('-') as [string, string | undefined];
      return { verb: verb as 'search' | 'preview' | 'save' | 'add' | 'remove' | 'up' | 'down', number: Number(number ?? 0) };
    }),
});

/** The proposal after a button: pin (at the end), unpin, or swap with a neighbour. Out-of-range positions change nothing. */
function applyOperation(ids: readonly number[], verb: string, number: number): number[] {
  const next = [...ids];
  switch (verb) {
    case 'add':
      if (number >= 1 && number <= MAX_ID && !next.includes(number)) next.push(number);
      return next;
    case 'remove':
      if (number < next.length) next.splice(number, 1);
      return next;
    case 'up':
      if (number > 0 && number < next.length) [next[number - 1], next[number]] = [next[number]!, next[number - 1]!];
      return next;
    case 'down':
      if (number + 1 < next.length) [next[number], next[number + 1]] = [next[number + 1]!, next[number]!];
      return next;
    default:
      return next;
  }
}

export function registerFrontRoutes(app: FastifyInstance, deps: FrontRoutesDependencies): void {
  const { fronts, sessions, csrf } = deps;
  const editors = { preValidation: requireRole(sessions, EDITOR_ROLES) };

  async function pageFrame(request: FastifyRequest, reply: FastifyReply) {
    const session = await guardedSession(sessions, request);
    const csrfToken = csrf.tokenFor(request, reply, session.id);
    const account = AccountNav({ user: { firstName: session.user.firstName, isStaff: true }, csrfToken });
    return { session, csrfToken, account, site: await deps.loadSite() };
  }

  async function frontOf(request: FastifyRequest): Promise<FrontRef> {
    const name = (request.params as { '*'?: string })['*'] ?? '';
    const front = FRONT_NAME.test(name) ? await fronts.findFront(name) : null;
    if (!front) throw new AppError('not-found');
    return front;
  }

  type EditorState = Omit<FrontEditorProps, 'site' | 'account' | 'csrfToken' | 'front'>;
  async function renderEditor(request: FastifyRequest, reply: FastifyReply, front: FrontRef, state: EditorState, status = 200) {
    const frame = await pageFrame(request, reply);
    const page = FrontEditorPage({ site: frame.site, account: frame.account, csrfToken: frame.csrfToken, front, ...state });
    return sendHtml(reply, page, { status, caching: 'no-store' });
  }

  app.get('/newsroom/fronts', editors, async (request, reply) => {
    const frame = await pageFrame(request, reply);
    return sendHtml(reply, FrontListPage({ site: frame.site, account: frame.account, fronts: await fronts.listFronts() }), {
      caching: 'no-store',
    });
  });

  app.get('/newsroom/fronts/*', editors, async (request, reply) => {
    const front = await frontOf(request);
    const saved = (request.query as { saved?: unknown }).saved === '1';
    const current = await fronts.readFront(front);
    return renderEditor(request, reply, front, {
      version: current.version,
      picks: current.picks,
      query: '',
      results: null,
      notice: saved ? 'The front is saved: readers see it now.' : undefined,
    });
  });

  app.post('/newsroom/fronts/*', editors, async (request, reply) => {
    const session = await guardedSession(sessions, request);
    csrf.requireFormToken(request, session.id);
    const front = await frontOf(request);
    const form = requireForm(request, FRONT_FORM);
    const { verb, number } = form.op;
    const proposal = applyOperation(form.slot, verb, number);

    if (verb === 'preview') {
      const page = await fronts.previewFront(front, proposal);
      if (!page) throw new AppError('not-found');
      reply.header('x-robots-tag', 'noindex');
      return sendHtml(reply, page, { caching: 'no-store' });
    }
    if (verb === 'save') {
      const byName = `${session.user.firstName} ${session.user.lastName}`.trim();
      const outcome = await fronts.saveFront(front, { ids: proposal, version: form.version, byName });
      switch (outcome.kind) {
        case 'saved':
          return reply.header('cache-control', 'no-store').redirect(`/newsroom/fronts/${front.name}?saved=1`, 303);
        case 'conflict':
          return renderEditor(
            request,
            reply,
            front,
            {
              version: outcome.current.version,
              picks: outcome.current.picks,
              query: form.q,
              results: null,
              error:
                'Another editor saved this front while you were working on it. This is the front as saved now: make your changes again.',
            },
            409,
          );
        case 'invalid': {
          const { picks } = await fronts.describePicks(front, proposal);
          return renderEditor(
            request,
            reply,
            front,
            { version: form.version, picks, query: form.q, results: null, error: outcome.message },
            422,
          );
        }
      }
    }
    // Search, pin, unpin, move: the proposal comes back changed, nothing is stored.
    const { picks, missing } = await fronts.describePicks(front, proposal);
    const results = verb === 'search' || form.q.trim() !== '' ? await fronts.searchStories(front, form.q) : null;
    return renderEditor(request, reply, front, {
      version: form.version,
      picks,
      query: form.q,
      results,
      notice:
        missing > 0
          ? 'A story that can no longer be pinned here was left out. Not saved yet.'
          : verb === 'search'
            ? undefined
            : 'Not saved yet: preview the front, then save it.',
    });
  });
}
