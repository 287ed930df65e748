// Article rows for other features' tests, stored as the newsroom stores them
// (fixture-newspaper.ts seeds a whole newspaper; these add one section or
// article). Other features' tests use a feature's testing/ helpers, never its
// repository (docs/architecture.md).
export { insertArticle, insertAuthor, insertSection, replaceFrontSlots } from '../articles.repository.js';
