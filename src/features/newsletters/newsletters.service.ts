// Newsletters: the lists, who receives them, issues and their send's life
// (draft → scheduled → sending ⇄ paused → sent, or cancelled). The sending
// itself is newsletter-sender.ts; this service moves states and renders.
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../core/db/database.js';
import { articleBodySchema, articlePath } from '../articles/articles.service.js';
import type { ArticleBody } from '../articles/articles.types.js';
import { renderIssueEmail, type RenderedIssueEmail } from './emails/newsletter-email.js';
import { describeBriefing, type BriefingSchedule } from './newsletter-briefings.js';
import { accessOf, receivingStatus } from './newsletter-eligibility.js';
import * as deliveries from './newsletter-deliveries.repository.js';
import { createIssueContentRules } from './newsletter-issue-content.js';
import * as repository from './newsletters.repository.js';
import type {
  ImportedSubscriberInput,
  ImportOutcome,
  IssueFigures,
  IssueInput,
  IssueSaveOutcome,
  IssueTransitionOutcome,
  Newsletter,
  NewsletterInput,
  NewsletterIssue,
  NewsletterSaveOutcome,
  ReaderNewsletter,
  SubscribeOutcome,
} from './newsletters.types.js';
import { readUnsubscribeToken } from './unsubscribe-token.js';

export interface NewslettersServiceDependencies {
  db: Db;
  clock: Clock;
  settings: { publicUrl: string; publicationName: string; timeZone: string };
  /** The app's secret: signs unsubscribe tokens. */
  secret: string;
  /** Told when a send starts or resumes, so the sender starts at once. */
  onSendStarted?: () => void;
}

const noControl = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);
const singleLine = (max: number) => z.string().trim().max(max).refine(noControl, 'must be one line of text');

const newsletterSchema = z
  .object({
    name: singleLine(120).pipe(z.string().min(1, 'a name is required')),
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'the slug is lower-case letters, digits and hyphens (at most 64)'),
    description: z.string().trim().max(1000).default(''),
    frequency: singleLine(120).default(''),
    senderName: singleLine(120)
      .refine((value) => !/["<>\\]/.test(value), 'the sender name cannot hold quotes or angle brackets')
      .default(''),
    access: z.enum(['registered', 'premium'], { message: 'access is registered or premium' }),
    sendTime: z
      .string()
      .trim()
      .regex(/^(?:$|(?:[01]\d|2[0-3]):[0-5]\d)$/, 'the send time is HH:MM (24-hour) or empty')
      .default(''),
    isBriefing: z.boolean().default(false),
  })
  .refine((value) => !value.isBriefing || value.sendTime !== '', {
    path: ['sendTime'],
    message: 'a daily briefing needs a send time (HH:MM)',
  });

const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.string().email());

const problemsOf = (error: z.ZodError) => error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);

function toNewsletter(row: NonNullable<Awaited<ReturnType<typeof repository.findNewsletterById>>>): Newsletter {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    frequency: row.frequency,
    senderName: row.sender_name,
    access: accessOf(row.access_level),
    sendTime: row.send_time,
    isBriefing: row.is_briefing === 1,
  };
}

function toIssue(row: repository.IssueRow): NewsletterIssue {
  return {
    id: row.id,
    newsletterId: row.newsletter_id,
    subject: row.subject,
    preheader: row.preheader,
    state: row.state,
    sendAt: row.send_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    bodyJson: row.body_json,
    articleIds: row.article_ids_json ? (JSON.parse(row.article_ids_json) as number[]) : null,
  };
}

export function createNewslettersService(deps: NewslettersServiceDependencies) {
  const { db, clock, settings } = deps;
  const now = () => clock.now().toISOString();
  const contentRules = createIssueContentRules({ db, settings });

  async function saveNewsletter(id: number | null, input: NewsletterInput): Promise<NewsletterSaveOutcome> {
    const parsed = newsletterSchema.safeParse(input);
    if (!parsed.success) return { kind: 'invalid', problems: problemsOf(parsed.error) };
    const value = parsed.data;
    if (await repository.isSlugTaken(db, value.slug, id)) return { kind: 'slug-taken' };
    const before = id === null ? undefined : await repository.findNewsletterById(db, id);
    // Only briefing times from this moment on are owed: switching on (or moving) at 07:30 for 07:00 waits for tomorrow.
    const isArming = value.isBriefing && (!before || before.is_briefing !== 1 || before.send_time !== value.sendTime);
    const values: repository.NewsletterValues = {
      slug: value.slug,
      name: value.name,
      description: value.description,
      frequency: value.frequency,
      sender_name: value.senderName,
      access_level: value.access,
      send_time: value.sendTime,
      is_briefing: value.isBriefing ? 1 : 0,
      ...(isArming ? { briefing_armed_at: now() } : {}),
    };
    let savedId = id;
    try {
      if (id === null) savedId = await repository.insertNewsletter(db, values, now());
      else if (!(await repository.updateNewsletter(db, id, values, now()))) return { kind: 'unknown-newsletter' };
    } catch (error) {
      // Two saves racing for one slug: the unique key decides.
      if (await repository.isSlugTaken(db, value.slug, id)) return { kind: 'slug-taken' };
      throw error;
    }
    return { kind: 'saved', newsletter: toNewsletter((await repository.findNewsletterById(db, savedId!))!) };
  }

  async function findNewsletter(id: number): Promise<Newsletter | null> {
    const row = await repository.findNewsletterById(db, id);
    return row ? toNewsletter(row) : null;
  }

  async function readerStatusFor(userId: number, newsletter: Newsletter) {
    const facts = await repository.findReaderFacts(db, userId, now());
    if (!facts) return null;
    const isPremium = facts.role !== 'reader' || Boolean(facts.has_subscription);
    return {
      isPremium,
      status: receivingStatus(newsletter.access, {
        isDeleted: facts.deleted_at !== null,
        isEmailConfirmed: facts.email_verified_at !== null,
        isPremium,
        isSuppressed: Boolean(facts.is_suppressed),
      }),
    };
  }

  async function loadIssueArticles(articleIds: number[]) {
    const rows = await repository.findArticlesForIssue(db, articleIds);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return articleIds.flatMap((id) => {
      const row = byId.get(id);
      if (!row || !row.published_at) return [];
      const path = articlePath({ sectionPath: row.section_path, publishedAt: row.published_at, slug: row.slug }, settings.timeZone);
      return [
        { headline: row.headline, standfirst: row.standfirst, url: settings.publicUrl + path, isPremium: row.access_level === 'premium' },
      ];
    });
  }

  async function renderIssueEmailFor(issueId: number): Promise<RenderedIssueEmail> {
    const issue = await repository.findIssue(db, issueId);
    if (!issue) throw new Error(`newsletter issue ${issueId} does not exist`);
    const newsletter = (await repository.findNewsletterById(db, issue.newsletter_id))!;
    const body = issue.body_json ? (articleBodySchema.parse(JSON.parse(issue.body_json)) as ArticleBody) : null;
    const articleIds = issue.article_ids_json ? (JSON.parse(issue.article_ids_json) as number[]) : [];
    return renderIssueEmail({
      publicationName: settings.publicationName,
      publicUrl: settings.publicUrl,
      newsletterName: newsletter.name,
      newsletterSlug: newsletter.slug,
      subject: issue.subject,
      preheader: issue.preheader,
      body,
      figureImages: body ? Object.fromEntries(await contentRules.figureImagesOf(body)) : {},
      articles: await loadIssueArticles(articleIds),
    });
  }

  const issueTextSchema = z.object({
    subject: singleLine(200).pipe(z.string().min(1, 'a subject is required')),
    preheader: singleLine(200).default(''),
  });

  async function transition(
    issueId: number,
    move: { from: NewsletterIssue['state'][]; to: NewsletterIssue['state']; sendAt?: string | null; start?: boolean },
  ): Promise<IssueTransitionOutcome> {
    const issue = await repository.findIssue(db, issueId);
    if (!issue) return { kind: 'unknown-issue' };
    if (!move.from.includes(issue.state)) return { kind: 'wrong-state', state: issue.state };
    const rendered = move.start ? await renderIssueEmailFor(issueId) : undefined;
    const moved = await repository.moveIssueState(db, issueId, {
      from: move.from,
      to: move.to,
      now: now(),
      ...(move.sendAt !== undefined ? { sendAt: move.sendAt } : {}),
      ...(move.start ? { startedAt: now(), rendered } : {}),
    });
    const after = (await repository.findIssue(db, issueId))!;
    if (!moved) return { kind: 'wrong-state', state: after.state };
    if (move.to === 'sending') deps.onSendStarted?.();
    return { kind: 'ok', issue: toIssue(after) };
  }

  return {
    createNewsletter: (input: NewsletterInput) => saveNewsletter(null, input),
    updateNewsletter: (id: number, input: NewsletterInput) => saveNewsletter(id, input),
    findNewsletter,
    async findNewsletterBySlug(slug: string): Promise<Newsletter | null> {
      const row = await repository.findNewsletterBySlug(db, slug);
      return row ? toNewsletter(row) : null;
    },
    async listNewsletters(): Promise<Newsletter[]> {
      return (await repository.listNewsletters(db)).map(toNewsletter);
    },
    /** The daily briefing's next send and latest days (newsletter-briefings.ts makes them). */
    async describeBriefing(newsletterId: number): Promise<BriefingSchedule | null> {
      const newsletter = await findNewsletter(newsletterId);
      return newsletter ? describeBriefing(db, newsletter, { now: clock.now(), timeZone: settings.timeZone }) : null;
    },

    /** A reader signs up. A premium list needs a running subscription (or a staff role). */
    async subscribeReader(userId: number, newsletterId: number): Promise<SubscribeOutcome> {
      const newsletter = await findNewsletter(newsletterId);
      if (!newsletter) return { kind: 'unknown-newsletter' };
      const reader = await readerStatusFor(userId, newsletter);
      if (!reader) return { kind: 'unknown-newsletter' };
      if (newsletter.access === 'premium' && !reader.isPremium) return { kind: 'premium-required' };
      await repository.insertReaderSubscription(db, userId, newsletterId, now());
      return { kind: 'subscribed' };
    },
    async unsubscribeReader(userId: number, newsletterId: number): Promise<void> {
      await repository.deleteReaderSubscription(db, userId, newsletterId);
    },

    /** Every newsletter with the reader's choice and whether they receive it (and why not): for /account and /newsletters. */
    async listReaderNewsletters(userId: number): Promise<ReaderNewsletter[]> {
      const [newsletters, subscribed] = await Promise.all([
        repository.listNewsletters(db),
        repository.listSubscribedNewsletterIds(db, userId),
      ]);
      const result: ReaderNewsletter[] = [];
      for (const row of newsletters) {
        const newsletter = toNewsletter(row);
        const reader = await readerStatusFor(userId, newsletter);
        if (!reader) continue;
        result.push({
          newsletter,
          isSubscribed: subscribed.includes(newsletter.id),
          status: reader.status,
          canSubscribe: newsletter.access === 'registered' || reader.isPremium,
        });
      }
      return result;
    },

    async importSubscriber(newsletterId: number, input: ImportedSubscriberInput): Promise<ImportOutcome> {
      const email = emailSchema.safeParse(input.email);
      if (!email.success) return { kind: 'invalid', problem: 'email: not an email address' };
      const names = z
        .object({ firstName: singleLine(100).default(''), lastName: singleLine(100).default(''), consentSource: singleLine(300) })
        .safeParse(input);
      if (!names.success) return { kind: 'invalid', problem: problemsOf(names.error)[0]! };
      if (!names.data.consentSource) return { kind: 'invalid', problem: 'consent_source: where the consent came from is required' };
      if (!(await findNewsletter(newsletterId))) return { kind: 'unknown-newsletter' };
      const existing = await repository.findImportedSubscriber(db, newsletterId, email.data);
      if (existing) return existing.unsubscribed_at ? { kind: 'unsubscribed-before' } : { kind: 'already-subscribed' };
      const added = await repository.insertImportedSubscriber(db, { newsletterId, email: email.data, ...names.data, now: now() });
      return added ? { kind: 'added' } : { kind: 'already-subscribed' };
    },

    async createIssue(newsletterId: number, input: IssueInput): Promise<IssueSaveOutcome> {
      if (!(await findNewsletter(newsletterId))) return { kind: 'unknown-newsletter' };
      const text = issueTextSchema.safeParse(input);
      if (!text.success) return { kind: 'invalid', problems: problemsOf(text.error) };
      const content = await contentRules.readContent(input.content);
      if ('problems' in content) return { kind: 'invalid', problems: content.problems };
      const id = await repository.insertIssue(db, { newsletterId, ...text.data, ...content, createdBy: input.createdBy, now: now() });
      return { kind: 'saved', issue: toIssue((await repository.findIssue(db, id))!) };
    },
    /** Drafts and scheduled issues only: what is sending or sent is what readers got. */
    async updateIssue(issueId: number, input: IssueInput): Promise<IssueSaveOutcome> {
      const issue = await repository.findIssue(db, issueId);
      if (!issue) return { kind: 'unknown-issue' };
      const text = issueTextSchema.safeParse(input);
      if (!text.success) return { kind: 'invalid', problems: problemsOf(text.error) };
      const content = await contentRules.readContent(input.content);
      if ('problems' in content) return { kind: 'invalid', problems: content.problems };
      const updated = await repository.updateIssueContent(db, issueId, { ...text.data, ...content, now: now() }, ['draft', 'scheduled']);
      const after = (await repository.findIssue(db, issueId))!;
      return updated ? { kind: 'saved', issue: toIssue(after) } : { kind: 'wrong-state', state: after.state };
    },
    /** Published articles as body blocks (headline, picture, standfirst, link) for the editor to add to an issue. */
    composeFromArticles: contentRules.composeFromArticles,
    async findIssue(issueId: number): Promise<NewsletterIssue | null> {
      const row = await repository.findIssue(db, issueId);
      return row ? toIssue(row) : null;
    },
    async listIssues(newsletterId: number, options: { states?: NewsletterIssue['state'][]; limit?: number } = {}) {
      return (await repository.listIssues(db, newsletterId, { states: options.states, limit: options.limit ?? 50 })).map(toIssue);
    },

    sendIssueNow: (issueId: number) => transition(issueId, { from: ['draft', 'scheduled'], to: 'sending', sendAt: null, start: true }),
    async scheduleIssue(issueId: number, sendAt: string): Promise<IssueTransitionOutcome> {
      const at = new Date(sendAt);
      if (Number.isNaN(at.getTime())) return { kind: 'invalid', problems: ['sendAt: not a date and time'] };
      if (at.getTime() <= clock.now().getTime()) return { kind: 'invalid', problems: ['sendAt: must be in the future'] };
      return transition(issueId, { from: ['draft', 'scheduled'], to: 'scheduled', sendAt: at.toISOString() });
    },
    /** Back to a draft before its time comes. */
    unscheduleIssue: (issueId: number) => transition(issueId, { from: ['scheduled'], to: 'draft', sendAt: null }),
    pauseIssue: (issueId: number) => transition(issueId, { from: ['sending'], to: 'paused' }),
    resumeIssue: (issueId: number) => transition(issueId, { from: ['paused'], to: 'sending' }),
    cancelIssue: (issueId: number) => transition(issueId, { from: ['draft', 'scheduled', 'sending', 'paused'], to: 'cancelled' }),

    async issueFigures(issueId: number): Promise<IssueFigures | null> {
      const issue = await repository.findIssue(db, issueId);
      if (!issue) return null;
      const counts = await deliveries.countIssueDeliveries(db, issueId);
      return { ...counts, isAudienceComplete: issue.audience_state === 'complete' };
    },

    /** The email as recipients get it (preview, test send, web archive: the same rendering). */
    renderIssueEmail: renderIssueEmailFor,

    /**
     * The one-click unsubscribe (and its confirm form). Everyone at the
     * recipient's address leaves the newsletter. 'invalid' for a token that
     * is not ours, or names a recipient or newsletter that no longer exists.
     */
    async unsubscribeWithToken(token: string): Promise<{ kind: 'unsubscribed'; newsletterName: string } | { kind: 'invalid' }> {
      const target = readUnsubscribeToken(deps.secret, token);
      if (!target) return { kind: 'invalid' };
      const newsletter = await findNewsletter(target.newsletterId);
      if (!newsletter) return { kind: 'invalid' };
      const email =
        target.recipient.kind === 'reader'
          ? await repository.findUserEmail(db, target.recipient.userId)
          : await repository.findSubscriberEmail(db, target.recipient.subscriberId, target.newsletterId);
      if (!email) return { kind: 'invalid' };
      const at = now();
      await db.transaction().execute(async (trx) => {
        await repository.unsubscribeAddress(trx, target.newsletterId, email, at);
        if (target.issueId > 0) await deliveries.markDeliveryUnsubscribed(trx, target.issueId, email, at);
      });
      return { kind: 'unsubscribed', newsletterName: newsletter.name };
    },
    /** What the GET of an unsubscribe address shows before the reader confirms; null for a token that is not ours. */
    async describeUnsubscribeToken(token: string): Promise<{ newsletterName: string } | null> {
      const target = readUnsubscribeToken(deps.secret, token);
      const newsletter = target ? await findNewsletter(target.newsletterId) : null;
      return newsletter ? { newsletterName: newsletter.name } : null;
    },
  };
}

export type NewslettersService = ReturnType<typeof createNewslettersService>;
export { holdReasonText } from './views/hold-reason-text.js';
