// Measures Argon2id hash and verify time on this machine for the cost settings
// OWASP lists as equivalent (and a few around them), behind
// docs/decisions/005-argon2-cost.md. Run: npx tsx bench/argon2-cost.ts [--samples 15]
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { hash, verify } from '@node-rs/argon2';

const { values: flags } = parseArgs({ options: { samples: { type: 'string', default: '15' } } });
const samples = Number(flags.samples);
if (!Number.isInteger(samples) || samples < 3 || samples > 500) throw new Error('--samples must be a whole number from 3 to 500');

// [memory KiB, iterations]: OWASP's five equivalent Argon2id settings, our test setting and two stronger ones.
const SETTINGS: [number, number][] = [
  [8192, 1],
  [7168, 5],
  [9216, 4],
  [12288, 3],
  [19456, 2],
  [47104, 1],
  [65536, 2],
  [65536, 3],
];

const PASSWORD = 'correct Horse battery 9 staple';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

async function measure(memoryCost: number, timeCost: number) {
  const options = { memoryCost, timeCost, parallelism: 1 };
  const hashTimes: number[] = [];
  const verifyTimes: number[] = [];
  let stored = await hash(PASSWORD, options); // warm-up
  for (let sample = 0; sample < samples; sample++) {
    let start = performance.now();
    stored = await hash(PASSWORD, options);
    hashTimes.push(performance.now() - start);
    start = performance.now();
    if (!(await verify(stored, PASSWORD))) throw new Error('verification failed');
    verifyTimes.push(performance.now() - start);
  }
  // Throughput with every core busy, as under a sign-in burst (libuv runs the work on its thread pool).
  // Best of three bursts: on a shared machine the slowest burst says more about the neighbours than about Argon2.
  const burst = os.availableParallelism() * 8;
  let burstSeconds = Infinity;
  for (let round = 0; round < 3; round++) {
    const burstStart = performance.now();
    await Promise.all(Array.from({ length: burst }, () => verify(stored, PASSWORD)));
    burstSeconds = Math.min(burstSeconds, (performance.now() - burstStart) / 1000);
  }
  return {
    memoryCost,
    timeCost,
    hashMedian: median(hashTimes),
    verifyMedian: median(verifyTimes),
    verifyP90: percentile(verifyTimes, 0.9),
    perCorePerSecond: 1000 / median(verifyTimes),
    machinePerSecond: burst / burstSeconds,
  };
}

const fixed = (value: number, digits = 1) => value.toFixed(digits);
console.log(
  `Argon2id, parallelism 1, ${samples} samples each; ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}`,
);
console.log(
  '| memory (MiB) | iterations | hash median (ms) | verify median (ms) | verify p90 (ms) | verifies/s per core | verifies/s whole machine |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const [memoryCost, timeCost] of SETTINGS) {
  const result = await measure(memoryCost, timeCost);
  console.log(
    `| ${fixed(result.memoryCost / 1024)} | ${result.timeCost} | ${fixed(result.hashMedian)} | ${fixed(result.verifyMedian)} | ${fixed(result.verifyP90)} | ${fixed(result.perCorePerSecond, 0)} | ${fixed(result.machinePerSecond, 0)} |`,
  );
}
