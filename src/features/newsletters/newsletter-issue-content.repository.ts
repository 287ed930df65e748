// What composing an issue's body reads: published articles as their cards
// show them (headline, standfirst, hero picture; never their text) and the
// library's pictures a body's figures name.
import type { DbOrTransaction } from '../../core/db/database.js';

export async function findArticleCards(db: DbOrTransaction, articleIds: readonly number[]) {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .leftJoin('images', 'images.id', 'articles.hero_image_id')
    .select([
      'articles.id',
      'articles.slug',
      'articles.headline',
      'articles.standfirst',
      'articles.access_level',
      'articles.published_at',
      'sections.path as section_path',
      'images.public_id as hero_public_id',
      'images.alt as image_alt',
      'images.caption as image_caption',
      'images.credit as image_credit',
      'articles.hero_alt',
      'articles.hero_caption',
      'articles.hero_credit',
    ])
    .where('articles.id', 'in', [...articleIds])
    .where('articles.status', '=', 'published')
    .where('articles.published_at', 'is not', null)
    .execute();
}

export async function findLibraryImages(db: DbOrTransaction, publicIds: readonly string[]) {
  if (publicIds.length === 0) return [];
  return db
    .selectFrom('images')
    .select(['public_id', 'alt', 'caption', 'credit'])
    .where('public_id', 'in', [...new Set(publicIds)].slice(0, 1000))
    .execute();
}
