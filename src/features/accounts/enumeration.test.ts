// Timing must not reveal whether an address has an account. With the real
// (default) Argon2 cost, requests for registered and unknown addresses are
// interleaved and their medians compared with a relative margin, never a fixed
// millisecond threshold. A real difference is systematic and shows in every
// round; scheduler noise on a shared 2-core machine does not, so a comparison
// passes if any of up to three rounds finds the two indistinguishable.
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/config.js';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { TestBrowser } from './testing/session-helpers.js';

const SAMPLES = 15;
const WARM_UP = 3;
const ROUNDS = 3;
// Medians may differ by this share of the larger one, or by the absolute floor
// (below which differences are scheduler noise), whichever is larger.
const RELATIVE_MARGIN = 0.35;
const ABSOLUTE_FLOOR_MS = 1.5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface Comparison {
  known: number;
  unknown: number;
  isIndistinguishable: boolean;
}

function compare(known: number[], unknown: number[]): Comparison {
  const [left, right] = [median(known), median(unknown)];
  return {
    known: left,
    unknown: right,
    isIndistinguishable: Math.abs(left - right) <= Math.max(RELATIVE_MARGIN * Math.max(left, right), ABSOLUTE_FLOOR_MS),
  };
}

const describeRounds = (rounds: Comparison[]) =>
  rounds.map((round) => `medians ${round.known.toFixed(2)} ms vs ${round.unknown.toFixed(2)} ms`).join('; ');

describeEachEngine('account enumeration by timing', (engine) => {
  let testApp: TestApp;
  let ipCounter = 0;
  const registered: string[] = [];
  const defaults = loadConfig({}).passwords;

  beforeAll(async () => {
    testApp = await createTestApp({
      engine,
      now: new Date(),
      environment: { ARGON2_MEMORY_KIB: String(defaults.argon2MemoryKib), ARGON2_ITERATIONS: String(defaults.argon2Iterations) },
    });
    for (let index = 0; index < SAMPLES + WARM_UP; index++) {
      const email = `timing-${index}@example.test`;
      const outcome = await testApp.accounts.register(
        { email, password: 'Timing9Reader', firstName: 'Tim', lastName: 'Ing', dateOfBirth: '1980-01-01' },
        { ipAddress: '127.0.0.1', userAgent: 'test' },
      );
      expect(outcome.kind).toBe('registered');
      registered.push(email);
    }
    await testApp.emailWorker.drain();
  });
  afterAll(() => testApp.destroy());

  /** Work a request left behind (a queued email, a lookup after the answer) finishes before the next sample. */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    await testApp.emailWorker.drain();
  }

  /** Times one form post (the form itself is fetched first, untimed), each from its own address so no per-IP limit applies. */
  async function timePost(path: string, fields: Record<string, string>): Promise<number> {
    ipCounter++;
    const browser = new TestBrowser(testApp.app, `10.9.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`);
    const { csrf } = await browser.openForm(path);
    const start = performance.now();
    const response = await browser.post(path, { _csrf: csrf, ...fields });
    const elapsed = performance.now() - start;
    expect(response.statusCode).toBeLessThan(500);
    expect(response.statusCode).not.toBe(429);
    await settle();
    return elapsed;
  }

  /** Interleaved samples, alternating which kind goes first so drift hits both alike. */
  async function sampleRound(
    measureKnown: (index: number) => Promise<number>,
    measureUnknown: (index: number) => Promise<number>,
  ): Promise<Comparison> {
    // A new hour: per-address limits (3 reset emails an hour) start afresh.
    testApp.clock.advance(3600_000);
    for (let index = 0; index < WARM_UP; index++) {
      await measureKnown(SAMPLES + index);
      await measureUnknown(SAMPLES + index);
    }
    const known: number[] = [];
    const unknown: number[] = [];
    for (let index = 0; index < SAMPLES; index++) {
      if (index % 2 === 0) {
        known.push(await measureKnown(index));
        unknown.push(await measureUnknown(index));
      } else {
        unknown.push(await measureUnknown(index));
        known.push(await measureKnown(index));
      }
    }
    return compare(known, unknown);
  }

  async function roundsUntilIndistinguishable(
    measureKnown: (index: number) => Promise<number>,
    measureUnknown: (index: number) => Promise<number>,
  ) {
    const rounds: Comparison[] = [];
    while (rounds.length < ROUNDS && !rounds.some((round) => round.isIndistinguishable))
      rounds.push(await sampleRound(measureKnown, measureUnknown));
    return rounds;
  }

  it('takes as long to refuse an unknown address as a wrong password', async () => {
    const signIn = (email: string) => timePost('/signin', { email, password: 'Wrong9Password' });
    const rounds = await roundsUntilIndistinguishable(
      (index) => signIn(registered[index]!),
      (index) => signIn(`nobody-${index}@example.test`),
    );
    expect(
      rounds.some((round) => round.isIndistinguishable),
      describeRounds(rounds),
    ).toBe(true);

    // The comparison can see a skipped hash: a request that does no Argon2 work stands out every time.
    const withHash: number[] = [];
    const withoutHash: number[] = [];
    for (let index = 0; index < SAMPLES; index++) {
      withHash.push(await signIn(`nobody-${index}@example.test`));
      const start = performance.now();
      await testApp.app.inject({ method: 'GET', url: '/signin', remoteAddress: '10.8.0.1' });
      withoutHash.push(performance.now() - start);
    }
    const control = compare(withHash, withoutHash);
    expect(control.isIndistinguishable, describeRounds([control])).toBe(false);
  });

  it('takes as long to answer a reset request for an unknown address as for a registered one', async () => {
    const requestReset = (email: string) => timePost('/forgot-password', { email });
    const rounds = await roundsUntilIndistinguishable(
      (index) => requestReset(registered[index]!),
      (index) => requestReset(`nobody-${index}@example.test`),
    );
    expect(
      rounds.some((round) => round.isIndistinguishable),
      describeRounds(rounds),
    ).toBe(true);
  });
});
