// A progress line for long commands, on stderr so stdout stays for results.
// On a terminal: one line redrawn in place (bar, count, rate, time left), at
// most every 100 ms. Anywhere else (a log file, CI): a plain line every 10%,
// so logs stay readable.

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressBar {
  update(done: number, total: number): void;
  finish(): void;
}

const WIDTH = 24;
const REDRAW_MS = 100;

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
}

/** `label 12,000/100,000 [###.....] 12% 3,400/s, about 26s left` */
export function describeProgress(label: string, done: number, total: number, elapsedMs: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * WIDTH);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const left = rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY;
  const count = `${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')}`;
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}]`;
  return `${label} ${count} ${bar} ${Math.floor(fraction * 100)}% ${Math.round(rate).toLocaleString('en-GB')}/s, about ${formatSeconds(left)} left`;
}

export function createProgressBar(options: { label: string; stream: ProgressStream; now?: () => number }): ProgressBar {
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let lastTenth = -1;
  let last: { done: number; total: number } | null = null;
  const isTerminal = options.stream.isTTY === true;
  return {
    update(done, total) {
      last = { done, total };
      const at = now();
      if (isTerminal) {
        if (at - lastDrawn < REDRAW_MS && done < total) return;
        lastDrawn = at;
        options.stream.write(`\r\u001b[2K${describeProgress(options.label, done, total, at - startedAt)}`);
        return;
      }
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      options.stream.write(`${describeProgress(options.label, done, total, at - startedAt)}\n`);
    },
    finish() {
      if (isTerminal && last)
        options.stream.write(`\r\u001b[2K${describeProgress(options.label, last.done, last.total, now() - startedAt)}\n`);
    },
  };
}
