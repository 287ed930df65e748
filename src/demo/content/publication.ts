// The demo newspaper's staff, sections and topics. Everyone and everything
// here is fictional and written for Masthead.
import type { DemoAuthor, DemoSection, DemoTopic } from '../demo-types.js';

export const demoAuthors: DemoAuthor[] = [
  {
    slug: 'amara-okafor',
    name: 'Amara Okafor',
    jobTitle: 'Europe correspondent',
    bio: 'Amara Okafor reports on European politics and trade from Castrel. She previously covered the Norrland Strait ports and has a particular interest in coalition governments and farm policy.',
  },
  {
    slug: 'jonas-lindqvist',
    name: 'Jonas Lindqvist',
    jobTitle: 'Political editor',
    bio: 'Jonas Lindqvist has covered the Assembly for fifteen years and leads the political team in Kessford. He writes a fortnightly column on how legislation is made and unmade.',
  },
  {
    slug: 'priya-raman',
    name: 'Priya Raman',
    jobTitle: 'Economics editor',
    bio: 'Priya Raman writes about interest rates, wages and public finances. Before journalism she spent six years modelling household budgets at a research institute.',
  },
  {
    slug: 'mateo-alvarez',
    name: 'Mateo Álvarez',
    jobTitle: 'International correspondent',
    bio: 'Mateo Álvarez covers the Americas and the Asia Pacific region, with a focus on elections, water and shipping. He files in three languages and is based between San Aurelio and Port Hira.',
  },
  {
    slug: 'hana-sato',
    name: 'Hana Sato',
    jobTitle: 'Science and environment editor',
    bio: 'Hana Sato trained as a geophysicist before moving into journalism. She writes about climate, rivers, space and the people who measure them.',
  },
  {
    slug: 'callum-reid',
    name: 'Callum Reid',
    jobTitle: 'Regions reporter',
    bio: 'Callum Reid reports from the towns and valleys beyond the capital. He grew up in the Ald valley and has followed its flood defence schemes since they were first proposed.',
  },
  {
    slug: 'yusuf-demir',
    name: 'Yusuf Demir',
    jobTitle: 'Chief sports writer',
    bio: 'Yusuf Demir has reported on four continental championships and more wet Tuesday nights than he can count. He writes about football, open-water swimming and the business of sport.',
  },
  {
    slug: 'elodie-marchetti',
    name: 'Élodie Marchetti',
    jobTitle: 'Chief critic',
    bio: 'Élodie Marchetti reviews fiction and theatre. She chaired the judging panel of the Corran Prize and teaches a summer course on criticism in Kessford.',
  },
];

export const demoSections: DemoSection[] = [
  { path: 'world', name: 'World', description: 'Reporting and analysis from our correspondents around the globe.' },
  {
    path: 'world/europe',
    name: 'Europe',
    description: 'Politics, trade and daily life across the continent, from Castrel to the Norrland Strait.',
  },
  { path: 'world/americas', name: 'Americas', description: 'Elections, economies and environment from North, Central and South America.' },
  {
    path: 'world/asia-pacific',
    name: 'Asia Pacific',
    description: 'News from the Pacific islands, the Federation of Kanoa and the wider region.',
  },
  {
    path: 'politics',
    name: 'Politics',
    description: 'The Assembly, the government and the parties, and what their decisions mean for you.',
  },
  { path: 'business', name: 'Business', description: 'Companies, markets and the people who run them.' },
  { path: 'business/economy', name: 'Economy', description: 'Interest rates, prices, wages and the public finances, explained.' },
  { path: 'science', name: 'Science', description: 'Discoveries, research and the environment, reported by specialists.' },
  { path: 'culture', name: 'Culture', description: 'Reviews and news from books, theatre, music and the arts.' },
  { path: 'sport', name: 'Sport', description: 'Match reports, interviews and analysis from the football league and beyond.' },
  { path: 'opinion', name: 'Opinion', description: 'Columns, comment and argument from our writers and guest contributors.' },
];

export const demoTopics: DemoTopic[] = [
  {
    slug: 'aldwater-floods',
    name: 'Aldwater floods',
    description: 'Our continuing coverage of the flooding of the River Ald and the town of Aldwater.',
  },
  { slug: 'energy-prices', name: 'Energy prices', description: 'Gas, electricity and fuel costs for households and businesses.' },
  { slug: 'elections', name: 'Elections', description: 'Campaigns, votes and results at home and abroad.' },
  { slug: 'climate', name: 'Climate', description: 'The science of a warming world and how countries are responding.' },
  { slug: 'transport', name: 'Transport', description: 'Rail, roads, ferries and the cost of getting around.' },
  { slug: 'housing', name: 'Housing', description: 'House prices, rents, building and the politics of a home.' },
  { slug: 'football', name: 'Football', description: 'Reports and analysis from the league, the cup and the national team.' },
  { slug: 'space', name: 'Space', description: 'Satellites, telescopes and the exploration of the solar system.' },
  { slug: 'books', name: 'Books', description: 'Reviews, prizes and interviews with writers.' },
  { slug: 'central-banks', name: 'Central banks', description: 'Interest rate decisions and the institutions that make them.' },
  { slug: 'trade', name: 'Trade', description: 'Tariffs, ports, shipping and the rules of commerce between nations.' },
];
