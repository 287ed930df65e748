// What a listing page or feed is about: the whole site, or one section, topic
// or author. Found once and described once, so the section, topic and author
// pages and every feed (RSS and Atom) take the same path through here.
import type { Db } from '../../core/db/database.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { authorPath, sectionPath, topicPath } from './article-urls.js';
import * as queries from './articles.queries.js';
import type { Author, Section, Topic } from './articles.types.js';
import type { ListingWalkScope } from './listings.queries.js';

/** A listing as a URL names it (not yet looked up). */
export type ListingScope =
  { kind: 'site' } | { kind: 'section'; path: string } | { kind: 'topic'; slug: string } | { kind: 'author'; slug: string };

/** A listing whose section, topic or author exists. */
export type ListingSubject =
  { kind: 'site' } | { kind: 'section'; section: Section } | { kind: 'topic'; topic: Topic } | { kind: 'author'; author: Author };

/** The scope as part of a page-cache key: `site`, `section:world/europe`, `topic:coast`, `author:ada-fenwick`. */
export function scopeKey(scope: ListingScope): string {
  switch (scope.kind) {
    case 'site':
      return 'site';
    case 'section':
      return `section:${scope.path}`;
    case 'topic':
    case 'author':
      return `${scope.kind}:${scope.slug}`;
  }
}

/** The section, topic or author the scope names, or null when there is none. */
export async function findListingSubject(db: Db, scope: ListingScope): Promise<ListingSubject | null> {
  switch (scope.kind) {
    case 'site':
      return { kind: 'site' };
    case 'section': {
      const section = await queries.findSectionByPath(db, scope.path);
      return section ? { kind: 'section', section } : null;
    }
    case 'topic': {
      const topic = await queries.findTopicBySlug(db, scope.slug);
      return topic ? { kind: 'topic', topic } : null;
    }
    case 'author': {
      const author = await queries.findAuthorBySlug(db, scope.slug);
      return author ? { kind: 'author', author } : null;
    }
  }
}

/** Which articles the listing walks: a section's page includes every section below it. */
export async function listingWalkScope(db: Db, subject: ListingSubject): Promise<ListingWalkScope> {
  switch (subject.kind) {
    case 'site':
      return { kind: 'site' };
    case 'section':
      return { kind: 'sections', sectionIds: await queries.listSectionTreeIds(db, subject.section.id) };
    case 'topic':
      return { kind: 'topic', topicId: subject.topic.id };
    case 'author':
      return { kind: 'author', authorId: subject.author.id };
  }
}

/** The HTML page of the listing, and the feeds' title and description. */
export function describeListing(
  site: Pick<SiteContext, 'publicationName' | 'tagline'>,
  subject: ListingSubject,
): { pagePath: string; title: string; description: string } {
  const titled = (name: string, pagePath: string, description: string) => {
    const title = `${name} | ${site.publicationName}`;
    return { pagePath, title, description: description || title };
  };
  switch (subject.kind) {
    case 'site':
      return { pagePath: '/', title: site.publicationName, description: site.tagline || site.publicationName };
    case 'section':
      return titled(subject.section.name, sectionPath(subject.section.path), subject.section.description);
    case 'topic':
      return titled(subject.topic.name, topicPath(subject.topic.slug), subject.topic.description);
    case 'author':
      return titled(subject.author.name, authorPath(subject.author.slug), subject.author.bio);
  }
}

/** `/rss.xml`, `/world/europe/atom.xml`, `/topic/coast/rss.xml`, … */
export function feedPathFor(pagePath: string, format: FeedFormat): string {
  return `${pagePath === '/' ? '' : pagePath}/${format}.xml`;
}

export type FeedFormat = 'rss' | 'atom';
