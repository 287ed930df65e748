// Preloaded into the server by the archive benchmark, never by the app:
//
//   node --import tsx --import ./bench/archive/event-loop-probe.ts src/cli.ts serve
//
// Watches the server's event-loop delay (perf_hooks.monitorEventLoopDelay,
// 10 ms resolution) from the first module on. On SIGUSR2 it writes what it
// saw since the last signal — the max delay above all — as JSON to the file
// MASTHEAD_BENCH_EVENT_LOOP_FILE names (written beside it and renamed, so a
// reader never sees half a file), then starts again. The handler runs on the
// event loop it measures: a blocked loop answers late, never wrongly.
import { renameSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface EventLoopReport {
  /** Counts the signals answered, so the reader knows the file is the answer to its own. */
  sequence: number;
  maxMs: number;
  p99Ms: number;
  meanMs: number;
}

const file = process.env.MASTHEAD_BENCH_EVENT_LOOP_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let sequence = 0;
  process.on('SIGUSR2', () => {
    const hasSamples = histogram.count > 0;
    const report: EventLoopReport = {
      sequence: ++sequence,
      maxMs: hasSamples ? histogram.max / 1e6 : 0,
      p99Ms: hasSamples ? histogram.percentile(99) / 1e6 : 0,
      meanMs: hasSamples ? histogram.mean / 1e6 : 0,
    };
    histogram.reset();
    writeFileSync(`${file}.tmp`, JSON.stringify(report));
    renameSync(`${file}.tmp`, file);
  });
}
