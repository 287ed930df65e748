// From the article editing service to Admin API answers, in one place: the
// article object (its body as the JSON document and as the HTML readers get),
// list items, revisions, and every outcome's status code and body.
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { articleBodyHtml, figureImageIds, type ReadOutcome } from '../articles/articles.service.js';
import type {
  ArticleListItem,
  ArticleSnapshot,
  EditableArticle,
  EditOutcome,
  FieldProblem,
  Revision,
  RevisionSummary,
} from '../articles/articles.types.js';
import type { MediaService } from '../media/media.service.js';
import { sendErrors, sendProblems } from './admin-api-replies.js';
import type { articleList, articleObject, revisionObject } from './admin-articles.schemas.js';

export type ArticleObject = z.infer<typeof articleObject>;
type ArticleListItemObject = z.infer<typeof articleList>['articles'][number];

export interface ArticleOutputDependencies {
  media: Pick<MediaService, 'findImages'>;
  /** Without a trailing slash (config guarantees it). */
  publicUrl: string;
}

const STALE_MESSAGE =
  'Someone else changed this article since the version you sent. Nothing was changed: `article` is the current version; apply your change to it and send its version.';

export function createArticleOutput(deps: ArticleOutputDependencies) {
  async function articleObjectOf(article: EditableArticle): Promise<ArticleObject> {
    const images = await deps.media.findImages(figureImageIds(article.body));
    return {
      id: article.id,
      slug: article.slug,
      url: deps.publicUrl + article.path,
      status: article.state,
      version: article.version,
      kicker: article.kicker,
      headline: article.headline,
      standfirst: article.standfirst,
      section: article.section,
      topics: article.topics,
      authors: article.authors,
      access: article.access,
      commentsEnabled: article.commentsEnabled,
      agencyCredit: article.agencyCredit,
      editorialNote: article.editorialNote,
      hero: article.hero,
      doc: article.body,
      html: articleBodyHtml(article.body, Object.fromEntries(images)),
      publishedAt: article.publishedAt,
      updatedAt: article.updatedAt,
      createdAt: article.createdAt,
      modifiedAt: article.modifiedAt,
      submittedAt: article.submittedAt,
      corrections: article.corrections,
    };
  }

  /**
   * Every outcome of a change as its answer. `renamed` turns the service's
   * field names into the request's (`body` is whichever of `html`/`doc` was sent).
   */
  async function sendEditOutcome(
    reply: FastifyReply,
    outcome: EditOutcome,
    options: { savedStatus: 200 | 201; renamed?: Record<string, string> },
  ): Promise<FastifyReply> {
    switch (outcome.kind) {
      case 'saved':
        return reply
          .code(options.savedStatus)
          .header('cache-control', 'no-store')
          .send(await articleObjectOf(outcome.article));
      case 'invalid':
        return sendProblems(reply, renameFields(outcome.problems, options.renamed ?? {}));
      case 'forbidden':
        return sendErrors(reply, 403, [{ message: outcome.message }]);
      case 'not-found':
        return sendErrors(reply, 404);
      case 'conflict':
        return reply
          .code(409)
          .header('cache-control', 'no-store')
          .send({ errors: [{ field: 'version', message: STALE_MESSAGE }], article: await articleObjectOf(outcome.current) });
    }
  }

  /** A read's answer: the value as `present` makes it, 404 or 403. */
  async function sendReadOutcome<T>(reply: FastifyReply, outcome: ReadOutcome<T>, present: (value: T) => unknown): Promise<FastifyReply> {
    if (outcome.kind === 'not-found') return sendErrors(reply, 404);
    if (outcome.kind === 'forbidden') return sendErrors(reply, 403, [{ message: outcome.message }]);
    return reply.header('cache-control', 'no-store').send(await present(outcome.value));
  }

  return { articleObjectOf, sendEditOutcome, sendReadOutcome };
}

export type ArticleOutput = ReturnType<typeof createArticleOutput>;

function renameFields(problems: FieldProblem[], renamed: Record<string, string>): FieldProblem[] {
  return problems.map((problem) => {
    const [head, ...rest] = problem.field.split('.');
    const field = renamed[head!];
    return field ? { ...problem, field: [field, ...rest].join('.') } : problem;
  });
}

export function listItemOf(item: ArticleListItem): ArticleListItemObject {
  return {
    id: item.id,
    slug: item.slug,
    status: item.state,
    version: item.version,
    headline: item.headline,
    section: item.sectionPath,
    authors: item.authors,
    publishedAt: item.publishedAt,
    modifiedAt: item.modifiedAt,
    submittedAt: item.submittedAt,
  };
}

export function revisionSummaryOf(revision: RevisionSummary) {
  return {
    id: revision.id,
    version: revision.version,
    action: revision.action,
    actorName: revision.actorName,
    createdAt: revision.createdAt,
  };
}

function snapshotObjectOf(snapshot: ArticleSnapshot): z.infer<typeof revisionObject>['snapshot'] {
  const { body, ...fields } = snapshot;
  return {
    kicker: fields.kicker,
    headline: fields.headline,
    standfirst: fields.standfirst,
    slug: fields.slug,
    section: fields.section,
    topics: fields.topics,
    authors: fields.authors,
    access: fields.access,
    commentsEnabled: fields.commentsEnabled,
    agencyCredit: fields.agencyCredit,
    editorialNote: fields.editorialNote,
    hero: fields.hero,
    doc: body,
    publishedAt: fields.publishedAt,
  };
}

export function revisionObjectOf(revision: Revision): z.infer<typeof revisionObject> {
  return { ...revisionSummaryOf(revision), articleId: revision.articleId, snapshot: snapshotObjectOf(revision.snapshot) };
}
