// All demo content for the Masthead demo newspaper: staff, sections, topics
// and articles. Everything here is original writing about fictional places,
// people and events.
import type { DemoArticle } from '../demo-types.js';
import { aldwaterArticles } from './articles-aldwater.js';
import { businessArticles } from './articles-business.js';
import { europeArticles } from './articles-europe.js';
import { opinionArticles } from './articles-opinion.js';
import { politicsArticles } from './articles-politics.js';
import { scienceCultureArticles } from './articles-science-culture.js';
import { sportArticles } from './articles-sport.js';
import { worldArticles } from './articles-world.js';

export { demoAuthors, demoSections, demoTopics } from './publication.js';

export const demoArticles: DemoArticle[] = [
  ...aldwaterArticles,
  ...europeArticles,
  ...worldArticles,
  ...politicsArticles,
  ...businessArticles,
  ...scienceCultureArticles,
  ...sportArticles,
  ...opinionArticles,
];
