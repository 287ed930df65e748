// Readers the benchmark plays, made through the running app's own pages and
// forms, never forged: a metered anonymous reader whose signed meter cookie
// comes from reading free articles, and a registered reader who registered
// through POST /register (solving the app's ALTCHA puzzle) and holds the
// session cookie the app set.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { httpGet, type RawResponse } from './http-get.js';

const METER_COOKIE = 'mh_meter';
const SESSION_COOKIE = 'mh_session';

/** The cookies a browser holds for the site, by name; `header()` is what it sends. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Keeps what a response set (a cookie set to expire is dropped, as a browser does). */
  keep(response: { headers: http.IncomingHttpHeaders }): this {
    for (const setCookie of response.headers['set-cookie'] ?? []) {
      const [pair = '', ...attributes] = setCookie.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const isExpired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (isExpired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(separator + 1).trim());
    }
    return this;
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  copy(): CookieJar {
    const copy = new CookieJar();
    for (const [name, value] of this.cookies) copy.cookies.set(name, value);
    return copy;
  }
}

export function setsCookie(response: { headers: http.IncomingHttpHeaders }, name: string): boolean {
  return (response.headers['set-cookie'] ?? []).some((setCookie) => setCookie.startsWith(`${name}=`));
}

export interface FormPage {
  jar: CookieJar;
  csrf: string;
  stamp: string;
}

/** GETs a page with a form and keeps what a browser would: its cookies, CSRF token and form stamp. */
export async function openForm(origin: string, path: string, jar = new CookieJar()): Promise<FormPage> {
  const response = await httpGet(`${origin}${path}`, jar.header() ? { cookie: jar.header() } : {});
  const html = response.body.toString('utf8');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`${path} has no CSRF field`);
  return { jar: jar.copy().keep(response), csrf, stamp: /name="form_started" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

export function postForm(
  url: string,
  fields: Record<string, string>,
  cookie: string,
): Promise<{ status: number; ms: number; headers: http.IncomingHttpHeaders }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, ms: performance.now() - startedAt, headers: response.headers }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Registers a reader through the form, the puzzle solved before the timed
 * POST; answers the POST's status and time, and the browser's cookies after it.
 */
export async function registerReader(
  origin: string,
  options: { email: string; password: string; next?: string },
): Promise<{ status: number; ms: number; jar: CookieJar }> {
  const form = await openForm(origin, '/register');
  const challengeResponse = await httpGet(`${origin}/altcha/challenge?form=register`, { cookie: form.jar.header() });
  const challenge = JSON.parse(challengeResponse.body.toString('utf8')) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('could not solve the registration challenge');
  const result = await postForm(
    `${origin}/register`,
    {
      _csrf: form.csrf,
      next: options.next ?? '/',
      email: options.email,
      password: options.password,
      firstName: 'Bench',
      lastName: 'Reader',
      dateOfBirth: '1980-01-01',
      altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'),
      form_started: form.stamp,
    },
    form.jar.header(),
  );
  return { status: result.status, ms: result.ms, jar: form.jar.keep(result) };
}

async function read(origin: string, path: string, jar: CookieJar): Promise<RawResponse> {
  const response = await httpGet(`${origin}${path}`, jar.header() ? { cookie: jar.header() } : {});
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  jar.keep(response);
  return response;
}

/**
 * An anonymous reader who read `earlierReads` and then `article`, in a fresh
 * browser: `newRead` is the cookie before `article` (the app counts it and sets
 * the cookie again), `reRead` the one after (counted already: nothing to set).
 */
export async function meteredReader(
  origin: string,
  options: { earlierReads: string[]; article: string },
): Promise<{ newRead: string; reRead: string }> {
  const jar = new CookieJar();
  for (const path of options.earlierReads) {
    const response = await read(origin, path, jar);
    if (!setsCookie(response, METER_COOKIE)) throw new Error(`GET ${path} did not set ${METER_COOKIE}: is it a metered free article?`);
  }
  const newRead = jar.header();
  const response = await read(origin, options.article, jar);
  if (!setsCookie(response, METER_COOKIE)) throw new Error(`GET ${options.article} did not count a new read`);
  return { newRead, reRead: jar.header() };
}

/**
 * A registered reader, signed in by registering, who has read
 * `premiumArticle` once: from then on it is a re-read, free of the allowance.
 */
export async function signedInReader(origin: string, options: { premiumArticle: string }): Promise<string> {
  const { status, jar } = await registerReader(origin, {
    email: `bench-reader-${Date.now().toString(36)}@example.com`,
    password: 'Bench-Reader-2026',
  });
  if (status !== 303 || !jar.has(SESSION_COOKIE))
    throw new Error(`registration answered ${status}${jar.has(SESSION_COOKIE) ? '' : ' without a session cookie'}`);
  const response = await read(origin, options.premiumArticle, jar);
  if (!/Premium articles? left|last Premium article/.test(response.body.toString('utf8')))
    throw new Error(`${options.premiumArticle} was not unlocked from the signed-in reader's allowance`);
  return jar.header();
}
