// Request latency of the account forms a reader uses: registration (Argon2
// hash, proof-of-work verification, four consent rows, a queued email, a new
// session) and sign-in (one Argon2 verification, a new session). Sequential
// requests within the app's own rate limits: this measures cost per request,
// not throughput. The ALTCHA puzzle is solved here, outside the timing.
import { median } from './report.js';
import { openForm, postForm, registerReader } from './readers.js';

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

function summarise(samples: number[]): LatencySummary {
  return { samples: samples.length, p50Ms: median(samples), maxMs: Math.max(...samples) };
}

export async function measureAccountLatency(
  origin: string,
  options: { registrations?: number; signIns?: number } = {},
): Promise<AccountLatency> {
  const registrations = options.registrations ?? 8; // the app allows 10 per address per hour; the signed-in reader's row used one
  const signIns = options.signIns ?? 20; // and 30 sign-in attempts per 15 minutes
  const password = 'Bench-Reader-2026';
  const runId = Date.now().toString(36);
  const registrationTimes: number[] = [];
  let firstEmail = '';
  for (let index = 0; index < registrations; index++) {
    const email = `bench-${runId}-${index}@example.com`;
    firstEmail ||= email;
    const result = await registerReader(origin, { email, password });
    if (result.status !== 303) throw new Error(`registration answered ${result.status}`);
    registrationTimes.push(result.ms);
  }

  const signInForm = await openForm(origin, '/signin');
  const signIn = async (email: string, attempt: string, expected: number) => {
    const result = await postForm(
      `${origin}/signin`,
      { _csrf: signInForm.csrf, next: '/', email, password: attempt },
      signInForm.jar.header(),
    );
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
  return {
    registration: summarise(registrationTimes),
    signIn: summarise(right),
    signInWrongPassword: summarise(wrong),
    signInUnknownEmail: summarise(unknown),
  };
}
