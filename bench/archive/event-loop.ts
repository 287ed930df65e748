// The benchmark's side of bench/archive/event-loop-probe.ts: signal the
// server, wait for its answer in the file.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EventLoopReport } from './event-loop-probe.js';

export const EVENT_LOOP_FILE_VARIABLE = 'MASTHEAD_BENCH_EVENT_LOOP_FILE';
export const EVENT_LOOP_PROBE = new URL('./event-loop-probe.ts', import.meta.url);

export class EventLoopWatch {
  private sequence = 0;

  constructor(
    private readonly pid: number,
    private readonly file: string,
  ) {}

  /** What the loop went through since the last call (or since start); a blocked server answers when it can. */
  async take(timeoutMs = 120_000): Promise<EventLoopReport> {
    process.kill(this.pid, 'SIGUSR2');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const report = JSON.parse(readFileSync(this.file, 'utf8')) as EventLoopReport;
        if (report.sequence > this.sequence) {
          this.sequence = report.sequence;
          return report;
        }
      } catch {
        // Not written yet.
      }
      await sleep(20);
    }
    throw new Error(`The server did not report its event-loop delay within ${timeoutMs} ms.`);
  }
}
