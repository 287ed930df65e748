// Loads the demo newspaper into an empty database: sections, authors, topics,
// 30+ original articles with pictures drawn by the project itself.
import * as newslettersRepository from '../features/newsletters/newsletters.repository.js';
import { demoNewsletters } from './content/newsletters.js';
import type { Clock } from '../core/clock.js';
import type { Db } from '../core/db/database.js';
import type { DbOrTransaction } from '../core/db/database.js';
import * as articlesRepository from '../features/articles/articles.repository.js';
import { insertImage } from '../features/media/media.repository.js';
import { newImagePublicId } from '../features/media/media.service.js';
import { renderDemoImage } from './demo-images.js';
import type { DemoArticle, DemoImage } from './demo-types.js';
import { demoArticles, demoAuthors, demoSections, demoTopics } from './content/index.js';
import { seedDemoEvents } from './seed-demo-events.js';

const HOUR_MS = 60 * 60 * 1000;

async function renderAll(images: DemoImage[], concurrency = 4) {
  const rendered = new Map<string, Awaited<ReturnType<typeof renderDemoImage>>>();
  for (let start = 0; start < images.length; start += concurrency) {
    const batch = images.slice(start, start + concurrency);
    const results = await Promise.all(batch.map((image) => renderDemoImage(image.scene, image.seed)));
    batch.forEach((image, index) => rendered.set(image.key, results[index]!));
  }
  return rendered;
}

/** The home front: the freshest story of each of the first few sections, newest first. */
function chooseTopStories(articles: DemoArticle[], count: number): DemoArticle[] {
  const chosen: DemoArticle[] = [];
  const sectionsUsed = new Set<string>();
  for (const article of [...articles].sort((a, b) => a.publishedHoursAgo - b.publishedHoursAgo)) {
    const topSection = article.sectionPath.split('/')[0]!;
    if (sectionsUsed.has(topSection) || article.sectionPath === 'opinion') continue;
    sectionsUsed.add(topSection);
    chosen.push(article);
    if (chosen.length === count) break;
  }
  return chosen;
}

export async function seedDemoNewspaper(db: Db, options: { clock: Clock; articles?: DemoArticle[] }): Promise<{ articleCount: number }> {
  const articles = options.articles ?? demoArticles;
  const now = options.clock.now();
  const createdAt = now.toISOString();
  const images = articles.flatMap((article) => [article.hero, ...(article.inlineImages ?? [])]);
  // Drawing pictures is slow; do it before the transaction so it holds no lock meanwhile.
  const rendered = await renderAll(images);

  await db.transaction().execute(async (trx: DbOrTransaction) => {
    const sectionIds = new Map<string, number>();
    for (const [position, section] of demoSections.entries()) {
      const parentPath = section.path.includes('/') ? section.path.slice(0, section.path.lastIndexOf('/')) : null;
      const id = await articlesRepository.insertSection(trx, {
        path: section.path,
        name: section.name,
        description: section.description,
        parentId: parentPath ? sectionIds.get(parentPath)! : null,
        position,
      });
      sectionIds.set(section.path, id);
    }
    const authorIds = new Map<string, number>();
    for (const author of demoAuthors) authorIds.set(author.slug, await articlesRepository.insertAuthor(trx, { ...author, createdAt }));
    const topicIds = new Map<string, number>();
    for (const topic of demoTopics) topicIds.set(topic.slug, await articlesRepository.insertTopic(trx, topic));

    const imageIds = new Map<string, number>();
    const publicIds = new Map(images.map((image) => [image.key, newImagePublicId(image.key)]));
    const publicIdOf = (key: string) => publicIds.get(key) ?? newImagePublicId(key);
    for (const image of images) {
      const picture = rendered.get(image.key)!;
      imageIds.set(
        image.key,
        await insertImage(trx, {
          publicId: publicIdOf(image.key),
          alt: image.alt,
          caption: image.caption,
          credit: image.credit,
          width: picture.width,
          height: picture.height,
          mime: picture.mime,
          data: picture.data,
          createdAt,
        }),
      );
    }

    const articleIds = new Map<string, number>();
    for (const article of articles) {
      const publishedAt = new Date(now.getTime() - article.publishedHoursAgo * HOUR_MS);
      const updatedAt =
        article.updatedHoursAfterPublication !== undefined
          ? new Date(publishedAt.getTime() + article.updatedHoursAfterPublication * HOUR_MS)
          : null;
      // Figures refer to pictures by their public id in the stored document.
      const body = article.body.map((block) =>
        block.type === 'figure' ? { ...block, attrs: { ...block.attrs, imageId: publicIdOf(block.attrs.imageId) } } : block,
      );
      const id = await articlesRepository.insertArticle(trx, {
        slug: article.slug,
        sectionId: sectionIds.get(article.sectionPath)!,
        kicker: article.kicker,
        headline: article.headline,
        standfirst: article.standfirst,
        bodyJson: JSON.stringify({ type: 'doc', content: body }),
        heroImageId: imageIds.get(article.hero.key)!,
        agencyCredit: article.agencyCredit,
        accessLevel: article.access,
        commentsEnabled: article.commentsEnabled ?? true,
        status: 'published',
        publishedAt: publishedAt.toISOString(),
        updatedAt: updatedAt && updatedAt <= now ? updatedAt.toISOString() : null,
        authorIds: article.authorSlugs.map((slug) => authorIds.get(slug)!),
        topicIds: article.topicSlugs.map((slug) => topicIds.get(slug)!),
        now: createdAt,
      });
      articleIds.set(article.slug, id);
    }
    await articlesRepository.replaceFrontSlots(
      trx,
      'home',
      chooseTopStories(articles, 5).map((article) => articleIds.get(article.slug)!),
    );
    await seedDemoEvents(trx, { now, authorIds });
    await seedDemoNewsletters(trx, articleIds, now);
    await articlesRepository.bumpContentRevision(trx, createdAt);
  });
  return { articleCount: articles.length };
}

/** The demo's newsletters, with past issues marked sent (their archives), in the demo's transaction. */
async function seedDemoNewsletters(trx: DbOrTransaction, articleIds: Map<string, number>, now: Date): Promise<void> {
  for (const newsletter of demoNewsletters) {
    const at = now.toISOString();
    const id = await newslettersRepository.insertNewsletter(
      trx,
      {
        slug: newsletter.slug,
        name: newsletter.name,
        description: newsletter.description,
        frequency: newsletter.frequency,
        sender_name: newsletter.senderName,
        access_level: newsletter.access,
        send_time: newsletter.sendTime,
        is_briefing: newsletter.isBriefing ? 1 : 0,
        // Armed now: a fresh demo sends its first automatic briefing at the next send time, not at start-up.
        briefing_armed_at: newsletter.isBriefing ? at : null,
      },
      at,
    );
    for (const issue of newsletter.issues) {
      const ids = (issue.articleSlugs ?? []).flatMap((slug) => (articleIds.has(slug) ? [articleIds.get(slug)!] : []));
      if (!issue.body && ids.length === 0) continue;
      const sentAt = new Date(now.getTime() - issue.daysAgo * 24 * HOUR_MS).toISOString();
      const issueId = await newslettersRepository.insertIssue(trx, {
        newsletterId: id,
        subject: issue.subject,
        preheader: issue.preheader,
        bodyJson: issue.body ? JSON.stringify({ type: 'doc', content: issue.body }) : null,
        articleIdsJson: issue.body ? null : JSON.stringify(ids),
        createdBy: null,
        now: sentAt,
      });
      await trx
        .updateTable('newsletter_issues')
        .set({ state: 'sent', audience_state: 'complete', started_at: sentAt, finished_at: sentAt })
        .where('id', '=', issueId)
        .execute();
    }
  }
}
