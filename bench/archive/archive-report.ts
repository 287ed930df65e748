// The archive benchmark's table: per engine, each row at the baseline size
// and at N, and how it grew (N ÷ baseline). Markdown, so the same text goes
// to stdout, bench/results/archive-N.md and docs/benchmarks.md.
import type { ArchiveReport, ArchiveRun, RowResult } from './archive-types.js';

const ENGINE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

const count = (value: number) => value.toLocaleString('en');
const rate = (value: number) => (value >= 100 ? count(Math.round(value)) : value.toFixed(1));

function ms(value: number | null): string {
  if (value === null) return '—';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : value >= 10 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
}

function ratio(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 10 ? `${Math.round(value)}×` : `${value.toFixed(2)}×`;
}

function cells(row: RowResult | undefined): string[] {
  if (!row) return ['—', '—', '—', '—', '—'];
  const errors = row.socketErrors ? ` (${count(row.socketErrors)} errors)` : '';
  return [`${rate(row.requestsPerSecond)}${errors}`, ms(row.latencyP50Ms), ms(row.latencyP99Ms), ms(row.eventLoopMaxMs), ms(row.firstMs)];
}

function engineSection(baseline: ArchiveRun | undefined, measured: ArchiveRun): string {
  const small = baseline ? count(baseline.articles) : '—';
  const large = count(measured.articles);
  const lines = [
    `### ${ENGINE_NAMES[measured.engine]}${measured.redis ? ' (+ Redis)' : ''}: ${small} and ${large} generated articles`,
    '',
    `| page | ${small}: req/s | p50 | p99 | loop max | first | ${large}: req/s | p50 | p99 | loop max | first | req/s ÷ | p99 × |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of measured.rows) {
    const before = baseline?.rows.find((candidate) => candidate.id === row.id);
    // A crawler that ran out of pages re-read cached ones: its figures are not the uncached cost, and no ratio is drawn from them.
    const isPartlyCached = Boolean(row.repeats || before?.repeats);
    const slower = before && !isPartlyCached ? before.requestsPerSecond / row.requestsPerSecond : Number.NaN;
    const p99Growth = before && !isPartlyCached ? row.latencyP99Ms / before.latencyP99Ms : Number.NaN;
    lines.push(
      `| ${row.label}${isPartlyCached ? ' †' : ''} | ${[...cells(before), ...cells(row), ratio(slower), ratio(p99Growth)].join(' | ')} |`,
    );
  }
  lines.push('');
  if (measured.rows.some((row) => row.repeats) || baseline?.rows.some((row) => row.repeats))
    lines.push('† The crawler ran out of different pages and read some again, from the cache: not the uncached cost (no ratio drawn).', '');
  const nginxRatio = (run: ArchiveRun | undefined) => {
    const app = run?.rows.find((row) => row.id === 'article-cached');
    const nginx = run?.rows.find((row) => row.id === 'article-cached-nginx');
    return app && nginx ? `${(app.requestsPerSecond / nginx.requestsPerSecond).toFixed(2)}×` : '—';
  };
  const loopMax = (run: ArchiveRun | undefined) =>
    run ? ms(Math.max(run.discoveryEventLoopMaxMs, ...run.rows.map((row) => row.eventLoopMaxMs ?? 0))) : '—';
  lines.push(
    `- Cached article ÷ nginx serving the same bytes: ${nginxRatio(baseline)} at ${small}, ${nginxRatio(measured)} at ${large}. ` +
      `Longest event-loop delay in the whole run (rows and first answers): ${loopMax(baseline)} at ${small}, ${loopMax(measured)} at ${large}.`,
  );
  const describe = (run: ArchiveRun) =>
    `${count(run.articles)}: generated in ${run.generationSeconds.toFixed(1)} s (demo load ${run.seedSeconds.toFixed(1)} s), ` +
    `first 200 ${run.startSeconds.toFixed(1)} s after spawn; ` +
    `deep page ${run.deepPage.path} (page ${count(run.deepPage.depth)}, ${run.deepPage.paging} paging, first answer ${ms(run.firstAnswers[run.deepPage.path]?.ms ?? null)}); ` +
    `sitemap ${run.sitemaps.isIndex ? `index of ${run.sitemaps.children}` : 'one urlset'}, first answer ${ms(run.firstAnswers['/sitemap.xml']?.ms ?? null)}; ` +
    `loop max while those first answers were rendered ${ms(run.discoveryEventLoopMaxMs)}` +
    (run.rows.some((row) => row.repeats)
      ? `; crawler repeats: ${run.rows
          .filter((row) => row.repeats)
          .map((row) => `${row.label} ${count(row.repeats!)}`)
          .join(', ')}`
      : '') +
    `; ${run.settleSecondsAfterLastRow.toFixed(1)} s to answer quickly after the last crawl.`;
  if (baseline) lines.push(`- ${describe(baseline)}`);
  lines.push(`- ${describe(measured)}`);
  return lines.join('\n');
}

export function formatArchiveReport(report: ArchiveReport): string {
  const { settings } = report;
  const parts = [
    `## Archive benchmark, ${report.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `\`${report.command}\` — ${report.revision.commit.slice(0, 12)}${report.revision.hasLocalChanges ? ' (with local changes)' : ''}; ` +
      `${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, ${report.machine.wrk}, ${report.machine.nginx}` +
      (report.machine.postgres ? `, PostgreSQL ${report.machine.postgres}` : '') +
      `; load average at start ${report.machine.loadAverageAtStart.map((value) => value.toFixed(1)).join(' ')}. ` +
      `wrk -t1 -c${settings.connections}, ${settings.warmupSeconds} s warm-up and ${settings.durationSeconds} s per row, ` +
      `Accept-Encoding: gzip, br. "first": the first answer for that page in the run (uncached). ` +
      `"loop max": the app's longest event-loop delay during the row. "req/s ÷": baseline req/s ÷ req/s at ${count(settings.articles)} ` +
      `(1× = no slower); "p99 ×": p99 at ${count(settings.articles)} ÷ p99 at the baseline. Whole run ${(report.totalSeconds / 60).toFixed(1)} min.`,
  ];
  for (const engine of settings.engines) {
    const measured = report.runs.find((run) => run.engine === engine && run.articles === settings.articles);
    if (!measured) continue;
    const baseline = report.runs.find((run) => run.engine === engine && run.articles === settings.baselineArticles);
    parts.push('', engineSection(baseline, measured));
  }
  for (const skipped of report.skipped) parts.push('', `${ENGINE_NAMES[skipped.engine]} not measured: ${skipped.reason}`);
  return parts.join('\n');
}
