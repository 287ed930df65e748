// Request latency of the account forms a reader uses: registration (Argon2
// hash, proof-of-work verification, four consent rows, a queued email, a new
// session) and sign-in (one Argon2 verification, a new session). Sequential
// requests within the app's own rate limits: this measures cost per request,
// not throughput. The ALTCHA puzzle is solved here, outside the timing.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { httpGet } from './http-get.js';
import { median } from './report.js';

export interface LatencySummary {
  samples: number;
  p50Ms: number;
  maxMs: number;
}

export interface AccountLatency {
  registration: LatencySummary;
  signIn: LatencySummary;
  signInWrongPassword: LatencySummary;
  signInUnknownEmail: LatencySummary;
}

interface FormSession {
  cookie: string;
  csrf: string;
  stamp: string;
}

function postForm(url: string, fields: Record<string, string>, cookie: string): Promise<{ status: number; ms: number }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const request = http.request(
      url,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), cookie } },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - startedAt }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function openForm(origin: string, path: string): Promise<FormSession> {
  const response = await httpGet(`${origin}${path}`);
  const html = response.body.toString('utf8');
  const cookie = ([] as string[]).concat(response.headers['set-cookie'] ?? []).map((header) => header.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error(`${path} has no CSRF field`);
  return { cookie, csrf, stamp: /name="form_started" value="([^"]+)"/.exec(html)?.[1] ?? '' };
}

function summarise(samples: number[]): LatencySummary {
  return { samples: samples.length, p50Ms: median(samples), maxMs: Math.max(...samples) };
}

export async function measureAccountLatency(origin: string, options: { registrations?: number; signIns?: number } = {}): Promise<AccountLatency> {
  const registrations = options.registrations ?? 8; // the app allows 10 per address per hour
  const signIns = options.signIns ?? 20; // and 30 sign-in attempts per 15 minutes
  const password = 'Bench-Reader-2026';
  const runId = Date.now().toString(36);
  const registrationTimes: number[] = [];
  let firstEmail = '';
  for (let index = 0; index < registrations; index++) {
    const form = await openForm(origin, '/register');
    const challengeResponse = await httpGet(`${origin}/altcha/challenge?form=register`, { cookie: form.cookie });
    const challenge = JSON.parse(challengeResponse.body.toString('utf8')) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    if (!solution) throw new Error('could not solve the registration challenge');
    const email = `bench-${runId}-${index}@example.com`;
    firstEmail ||= email;
    const result = await postForm(
      `${origin}/register`,
      {
        _csrf: form.csrf,
        next: '/',
        email,
        password,
        firstName: 'Bench',
        lastName: 'Reader',
        dateOfBirth: '1980-01-01',
        altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'),
        form_started: form.stamp,
      },
      form.cookie,
    );
    if (result.status !== 303) throw new Error(`registration answered ${result.status}`);
    registrationTimes.push(result.ms);
  }

  const signInForm = await openForm(origin, '/signin');
  const signIn = async (email: string, attempt: string, expected: number) => {
    const result = await postForm(`${origin}/signin`, { _csrf: signInForm.csrf, next: '/', email, password: attempt }, signInForm.cookie);
    if (result.status !== expected) throw new Error(`sign-in answered ${result.status}, expected ${expected}`);
    return result.ms;
  };
  const wrong: number[] = [];
  const unknown: number[] = [];
  const right: number[] = [];
  // Interleaved, and fewer failures than the per-account lockout (5).
  for (let index = 0; index < 4; index++) {
    wrong.push(await signIn(firstEmail, 'Not-The-Password-1', 422));
    unknown.push(await signIn(`nobody-${runId}-${index}@example.com`, password, 422));
  }
  for (let index = 0; index < signIns; index++) right.push(await signIn(firstEmail, password, 303));
  return { registration: summarise(registrationTimes), signIn: summarise(right), signInWrongPassword: summarise(wrong), signInUnknownEmail: summarise(unknown) };
}
