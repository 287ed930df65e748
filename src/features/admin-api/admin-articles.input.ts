// From an Admin API request to what the article editing service takes: the
// key as the actor, the body (HTML converted with our own images placed, or
// the JSON document as it is), the hero with the library's words filling what
// was left out, and the requested `status` as the one save action it means.
import { bodyFromHtml, imageSourcesIn, type CreateRequest, type SaveAction, type SaveRequest } from '../articles/articles.service.js';
import type { Actor, ArticleBody, ArticleFields, FieldProblem, HeroInput, WorkflowState } from '../articles/articles.types.js';
import type { MediaService } from '../media/media.service.js';
import { imagePublicIdFromUrl } from '../media/media.types.js';
import type { ChangeArticleBody, CreateArticleBody } from './admin-articles.schemas.js';
import type { ApiPrincipal } from './api-keys.service.js';

export interface ArticleInputDependencies {
  media: Pick<MediaService, 'findImages'>;
  publicUrl: string;
}

/** The key acts as itself: its name is what revisions record, its id what "own" means. */
export function actorOf(principal: ApiPrincipal): Actor {
  return { kind: 'api-key', apiKeyId: principal.keyId, name: principal.name, role: principal.role };
}

type Converted<T> = { kind: 'ready'; request: T } | { kind: 'invalid'; problems: FieldProblem[] };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

async function bodyOf(
  input: { html?: string | undefined; doc?: ArticleBody | undefined },
  deps: ArticleInputDependencies,
  problems: FieldProblem[],
) {
  if (input.html !== undefined && input.doc !== undefined) {
    problems.push({ field: 'html', message: 'Send the body once: as `html` or as `doc`, not both.' });
    return undefined;
  }
  if (input.html === undefined) return input.doc;
  const sources = imageSourcesIn(input.html);
  const idOf = new Map(sources.map((source) => [source, imagePublicIdFromUrl(source, deps.publicUrl)]));
  const library = await deps.media.findImages([...idOf.values()].filter((id): id is string => id !== null));
  const unknown = sources.find((source) => !library.has(idOf.get(source) ?? ''));
  // An image we do not hold would silently vanish from the story: say so instead.
  if (unknown !== undefined) {
    problems.push({
      field: 'html',
      message: `Upload each picture first (POST /api/admin/images) and use the url it answers; "${clip(unknown, 120)}" is not one of ours.`,
    });
    return undefined;
  }
  return bodyFromHtml(input.html, (source) => {
    const image = library.get(idOf.get(source.trim()) ?? '');
    return image ? { imageId: image.publicId, alt: image.alt, caption: image.caption, credit: image.credit } : null;
  });
}

/** The hero as sent, with the library's caption, credit and alt text for what was left out. */
async function heroOf(hero: CreateArticleBody['hero'], deps: ArticleInputDependencies): Promise<HeroInput | null | undefined> {
  if (!hero) return hero;
  const image = (await deps.media.findImages([hero.imageId])).get(hero.imageId);
  return {
    imageId: hero.imageId,
    caption: hero.caption ?? image?.caption ?? '',
    credit: hero.credit ?? image?.credit ?? '',
    alt: hero.alt ?? image?.alt ?? '',
  };
}

async function fieldsOf(input: CreateArticleBody | ChangeArticleBody, deps: ArticleInputDependencies, problems: FieldProblem[]) {
  const fields: Partial<ArticleFields> = {};
  const copied = [
    'kicker',
    'headline',
    'standfirst',
    'slug',
    'section',
    'topics',
    'authors',
    'access',
    'commentsEnabled',
    'agencyCredit',
    'editorialNote',
  ] as const;
  for (const name of copied) if (input[name] !== undefined) Object.assign(fields, { [name]: input[name] });
  const hero = await heroOf(input.hero, deps);
  if (hero !== undefined) fields.hero = hero;
  const body = await bodyOf(input, deps, problems);
  if (body !== undefined) fields.body = body;
  return fields;
}

const TIME_WITHOUT_PUBLICATION: FieldProblem = {
  field: 'publishedAt',
  message: 'A publication time goes with status "published" (a past date for an archive story) or "scheduled".',
};

const CREATE_ACTIONS = { draft: 'save', review: 'submit', published: 'publish', scheduled: 'schedule' } as const;

export async function createRequestOf(input: CreateArticleBody, deps: ArticleInputDependencies): Promise<Converted<CreateRequest>> {
  const problems: FieldProblem[] = [];
  const fields = await fieldsOf(input, deps, problems);
  const action = CREATE_ACTIONS[input.status ?? 'draft'];
  if (input.publishedAt !== undefined && action !== 'publish' && action !== 'schedule') problems.push(TIME_WITHOUT_PUBLICATION);
  if (problems.length) return { kind: 'invalid', problems };
  return {
    kind: 'ready',
    request: {
      fields: { ...fields, headline: input.headline, section: input.section },
      action,
      ...(input.publishedAt !== undefined ? { publishAt: input.publishedAt } : {}),
    },
  };
}

/**
 * The save a requested `status` means from where the article stands: the
 * same status is a plain save (with a time, a new date or a new schedule);
 * another is the transition to it.
 */
function saveActionFor(
  current: WorkflowState,
  status: WorkflowState | undefined,
  publishedAt: string | undefined,
): SaveAction | FieldProblem {
  const target = status ?? current;
  if (publishedAt !== undefined && target !== 'published' && target !== 'scheduled') return TIME_WITHOUT_PUBLICATION;
  if (target === current) return publishedAt === undefined ? 'save' : current === 'published' ? 'publish' : 'schedule';
  switch (target) {
    case 'draft':
      return { field: 'status', message: 'An article cannot go back to being a draft; unpublish a published one instead.' };
    case 'review':
      return 'submit';
    case 'published':
      return 'publish';
    case 'scheduled':
      return 'schedule';
    case 'unpublished':
      return 'unpublish';
  }
}

export async function saveRequestOf(
  input: ChangeArticleBody,
  current: WorkflowState,
  deps: ArticleInputDependencies,
): Promise<Converted<SaveRequest>> {
  const problems: FieldProblem[] = [];
  const fields = await fieldsOf(input, deps, problems);
  const action = saveActionFor(current, input.status, input.publishedAt);
  if (typeof action !== 'string') problems.push(action);
  if (problems.length || typeof action !== 'string') return { kind: 'invalid', problems };
  return {
    kind: 'ready',
    request: {
      baseVersion: input.version,
      ...(Object.keys(fields).length ? { fields } : {}),
      action,
      ...(input.publishedAt !== undefined ? { publishAt: input.publishedAt } : {}),
      ...(input.significantUpdate !== undefined ? { significantUpdate: input.significantUpdate } : {}),
    },
  };
}
