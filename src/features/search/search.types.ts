// What the search page shows: a view-model, never a row.
import type { SearchSort } from './search.queries.js';

/** Text with the reader's matches marked: even pieces plain, odd pieces matched (the view wraps them in <mark>). */
export type MarkedText = string[];

export interface SearchHit {
  url: string;
  headline: MarkedText;
  standfirst: MarkedText;
  snippet: MarkedText;
  sectionName: string;
  publishedAt: string;
  accessLevel: 'free' | 'registered' | 'premium';
}

export interface SearchForm {
  q: string;
  section: string;
  topic: string;
  author: string;
  from: string;
  to: string;
  sort: SearchSort;
}

export interface SearchPageModel {
  form: SearchForm;
  /** Nothing searched yet (no words in the query). */
  isEmptyQuery: boolean;
  hits: SearchHit[];
  page: number;
  pageSize: number;
  hasNextPage: boolean;
  /** Plain-language notes about the input (a date that is not one, the page cap). */
  notices: string[];
  sections: { path: string; name: string }[];
  /** Names for the topic and author filters in force (shown as removable). */
  topicName: string | null;
  authorName: string | null;
}
