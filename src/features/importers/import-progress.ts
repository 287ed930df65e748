// The import's progress on stderr: a bar redrawn in place with the rate and
// the time left when stderr is a terminal; otherwise (a log file, CI) a plain
// line every tenth of the way, so logs stay readable.

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

const BAR_WIDTH = 24;
const REDRAW_MS = 100;

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** One status line: `[#####·······] 120/500  24%  35.2 posts/s  ETA 0:11`. */
export function progressLine(done: number, total: number, elapsedSeconds: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  return `[${'#'.repeat(filled)}${'·'.repeat(BAR_WIDTH - filled)}] ${done}/${total} ${String(Math.round(fraction * 100)).padStart(3)}%  ${rate.toFixed(1)} posts/s  ETA ${formatDuration(eta)}`;
}

export function createProgress(output: ProgressOutput, now: () => number = () => performance.now()) {
  const started = now();
  let lastDraw = -Infinity;
  let lastTenth = -1;
  let drewInPlace = false;

  function update(progress: { done: number; total: number }): void {
    const elapsed = (now() - started) / 1000;
    if (output.isTTY) {
      const at = now();
      if (at - lastDraw < REDRAW_MS && progress.done < progress.total) return;
      lastDraw = at;
      output.write(`\r${progressLine(progress.done, progress.total, elapsed)}`);
      drewInPlace = true;
      return;
    }
    const tenth = progress.total > 0 ? Math.floor((progress.done / progress.total) * 10) : 10;
    if (tenth === lastTenth) return;
    lastTenth = tenth;
    output.write(`${progressLine(progress.done, progress.total, elapsed)}\n`);
  }

  function finish(): void {
    if (drewInPlace) output.write('\n');
  }

  return { update, finish };
}
