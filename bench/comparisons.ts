// The pages bench/run.ts measures, each as the app answers one kind of
// reader, and what that answer must show for the row to measure what its
// label says (a meter cookie set, a re-read not counted again, a signed-in
// page, a wall with its form).
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { RawResponse } from './http-get.js';
import { setsCookie } from './readers.js';
import type { ServerKind } from './report.js';

export interface Comparison {
  id: string;
  label: string;
  appPath: string;
  /** Where nginx and the bare server serve the captured answer. */
  baselinePath: string;
  headers: Record<string, string>;
  servers: ServerKind[];
  durationSeconds: number;
  warmupSeconds: number;
  /** The app composes this body for each request (account corner, form tokens): the baselines serve one captured copy. */
  isBuiltPerRequest: boolean;
  /** The encoding the app answers with, when not the usual one for the row (pages built per request: gzip). */
  encoding?: 'br' | 'gzip' | 'identity';
  /** What is wrong with the app's answer for the reader state the row names, or null. */
  problemWith(response: RawResponse, html: string): string | null;
}

export interface ComparisonOptions {
  settings: { durationSeconds: number; warmupSeconds: number; readerDurationSeconds: number; readerWarmupSeconds: number };
  paths: { articlePath: string; premiumArticlePath: string; registeredArticlePath: string; longThreadPath: string };
  /** Cookie headers of the readers (bench/readers.ts; the commenter from bench/prepare-comments.ts). */
  cookies: { meteredNewRead: string; meteredReRead: string; signedIn: string; commenter: string };
}

const BROWSER_ENCODINGS = { 'Accept-Encoding': 'gzip, br' };
const METER_COOKIE = 'mh_meter';
const FREE_ALLOWANCE_NOTE = /free articles? left|last free article/;
const PREMIUM_ALLOWANCE_NOTE = /Premium articles? left|last Premium article/;

function decodedBody(response: RawResponse): string {
  const encoding = response.headers['content-encoding'];
  const body = encoding === 'br' ? brotliDecompressSync(response.body) : encoding === 'gzip' ? gunzipSync(response.body) : response.body;
  return body.toString('utf8');
}

const isSignedIn = (html: string) => (html.includes('Sign out') ? null : 'the page is not signed in');
/** Page 1 of the prepared thread shows 50 conversations of 4 comments (bench/prepare-comments.ts). */
const COMMENTS_ON_FIRST_PAGE = 200;
function problemWithThread(html: string): string | null {
  const shown = html.match(/<article class="comment-card"/g)?.length ?? 0;
  return shown === COMMENTS_ON_FIRST_PAGE ? null : `${shown} comments on the thread page, expected ${COMMENTS_ON_FIRST_PAGE}`;
}

export function listComparisons({ settings, paths, cookies }: ComparisonOptions): Comparison[] {
  const pageRow = {
    servers: ['app', 'nginx'] as ServerKind[],
    durationSeconds: settings.durationSeconds,
    warmupSeconds: settings.warmupSeconds,
    isBuiltPerRequest: false,
  };
  const readerRow = { ...pageRow, durationSeconds: settings.readerDurationSeconds, warmupSeconds: settings.readerWarmupSeconds };
  return [
    {
      ...pageRow,
      id: 'article-br',
      label: 'Article, anonymous first visit (br)',
      appPath: paths.articlePath,
      baselinePath: '/article-br',
      headers: BROWSER_ENCODINGS,
      servers: ['app', 'nginx', 'bare'],
      problemWith: (response) => (setsCookie(response, METER_COOKIE) ? null : `no ${METER_COOKIE} cookie set: is the article metered?`),
    },
    {
      ...pageRow,
      id: 'home-br',
      label: 'Home front (br)',
      appPath: '/',
      baselinePath: '/home-br',
      headers: BROWSER_ENCODINGS,
      problemWith: () => null,
    },
    {
      ...pageRow,
      id: 'article-identity',
      label: 'Article, anonymous first visit (identity)',
      appPath: paths.articlePath,
      baselinePath: '/article-identity',
      headers: {},
      problemWith: (response) => (setsCookie(response, METER_COOKIE) ? null : `no ${METER_COOKIE} cookie set`),
    },
    {
      ...readerRow,
      id: 'article-metered-reread-br',
      label: 'Article, metered reader, re-read (br)',
      appPath: paths.articlePath,
      baselinePath: '/article-metered-reread-br',
      headers: { ...BROWSER_ENCODINGS, Cookie: cookies.meteredReRead },
      problemWith: (response, html) =>
        setsCookie(response, METER_COOKIE)
          ? 'a re-read was counted again'
          : FREE_ALLOWANCE_NOTE.test(html)
            ? null
            : 'no free-article note on the page',
    },
    {
      ...readerRow,
      id: 'article-metered-new-br',
      label: 'Article, metered reader, new read (br)',
      appPath: paths.articlePath,
      baselinePath: '/article-metered-new-br',
      headers: { ...BROWSER_ENCODINGS, Cookie: cookies.meteredNewRead },
      problemWith: (response, html) =>
        !setsCookie(response, METER_COOKIE)
          ? 'the read was not counted'
          : FREE_ALLOWANCE_NOTE.test(html)
            ? null
            : 'no free-article note on the page',
    },
    {
      ...readerRow,
      id: 'article-signed-in-br',
      label: 'Article, signed-in reader (gzip†)',
      appPath: paths.articlePath,
      baselinePath: '/article-signed-in-br',
      headers: { ...BROWSER_ENCODINGS, Cookie: cookies.signedIn },
      isBuiltPerRequest: true,
      problemWith: (_response, html) => isSignedIn(html),
    },
    {
      ...readerRow,
      id: 'premium-signed-in-br',
      label: 'Premium article, signed-in reader, re-read (gzip†)',
      appPath: paths.premiumArticlePath,
      baselinePath: '/premium-signed-in-br',
      headers: { ...BROWSER_ENCODINGS, Cookie: cookies.signedIn },
      isBuiltPerRequest: true,
      problemWith: (_response, html) =>
        isSignedIn(html) ?? (PREMIUM_ALLOWANCE_NOTE.test(html) ? null : 'not unlocked from the Premium allowance'),
    },
    {
      ...readerRow,
      id: 'registered-wall-br',
      label: 'Registered-only article, wall, anonymous (gzip†)',
      appPath: paths.registeredArticlePath,
      baselinePath: '/registered-wall-br',
      headers: BROWSER_ENCODINGS,
      isBuiltPerRequest: true,
      problemWith: (_response, html) =>
        html.includes('Register for free to continue reading') && html.includes('name="_csrf"')
          ? null
          : 'no registration wall with its form',
    },
    // Comment threads (issue 5): rendered for each request and gzipped (level 1);
    // a commenter's page carries CSRF tokens, masked afresh per page (BREACH).
    {
      ...readerRow,
      id: 'comment-thread-anonymous',
      label: 'Comment thread, 2,000 comments, anonymous (gzip†)',
      appPath: paths.longThreadPath,
      baselinePath: '/comment-thread-anonymous',
      headers: BROWSER_ENCODINGS,
      isBuiltPerRequest: true,
      encoding: 'gzip',
      problemWith: (_response, html) => problemWithThread(html) ?? (html.includes('Sign in</a> or') ? null : 'not the signed-out page'),
    },
    {
      ...readerRow,
      id: 'comment-thread-commenter',
      label: 'Comment thread, 2,000 comments, signed-in commenter (gzip†)',
      appPath: paths.longThreadPath,
      baselinePath: '/comment-thread-commenter',
      headers: { ...BROWSER_ENCODINGS, Cookie: cookies.commenter },
      isBuiltPerRequest: true,
      encoding: 'gzip',
      problemWith: (_response, html) =>
        problemWithThread(html) ?? isSignedIn(html) ?? (html.includes('name="body"') ? null : 'no comment form for a verified commenter'),
    },
  ];
}

/** Throws unless the app answered 200, in the encoding asked for, in the reader state the row names. */
export function checkAppResponse(comparison: Comparison, response: RawResponse): void {
  // Pages built per request are gzip stitched from precompressed pieces (src/core/http/gzip-stitch.ts).
  const usualEncoding = comparison.headers['Accept-Encoding'] ? (comparison.isBuiltPerRequest ? 'gzip' : 'br') : undefined;
  const wantedEncoding = comparison.encoding === 'identity' ? undefined : (comparison.encoding ?? usualEncoding);
  if (response.status !== 200 || response.headers['content-encoding'] !== wantedEncoding) {
    throw new Error(
      `${comparison.label}: ${comparison.appPath} answered ${response.status} with encoding ${response.headers['content-encoding']}, expected 200 ${wantedEncoding ?? 'identity'}`,
    );
  }
  const problem = comparison.problemWith(response, decodedBody(response));
  if (problem) throw new Error(`${comparison.label}: ${problem}`);
}
