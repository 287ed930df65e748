// What the benchmark found: the shape of bench/results/latest.json and the
// table printed on stdout.
import type { AccountLatency } from './account-latency.js';
import type { CommentsBenchmark } from './comments.js';
import { describeCommentTargets, formatCommentsReport } from './comments-report.js';
import type { PageWeight } from './page-weight.js';
import type { WrkResult } from './wrk.js';

export type ServerKind = 'app' | 'nginx' | 'bare';

export const SERVER_LABELS: Record<ServerKind, string> = { app: 'Masthead', nginx: 'nginx (1 worker)', bare: 'bare node:http' };

/** One wrk run plus the CPU time the server process(es) used meanwhile. */
export interface RoundResult extends WrkResult {
  userMicrosPerRequest: number;
  systemMicrosPerRequest: number;
  /** Share of one core the server used; well below 1 means it waited (busy machine, or wrk was the limit). */
  coreShare: number;
}

export interface Figures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  userMicrosPerRequest: number;
  systemMicrosPerRequest: number;
}

export interface ComparisonResult {
  id: string;
  label: string;
  /** Bytes of the response body every server sends for this page. */
  bodyBytes: number;
  /** Seconds of each wrk run for this row (reader-state rows run shorter). */
  durationSeconds: number;
  /** The app composes the body per request (account corner, form tokens); the baselines serve one captured copy as a static file. */
  isBuiltPerRequest: boolean;
  servers: Partial<Record<ServerKind, { median: Figures; rounds: RoundResult[] }>>;
  /** Median req/s of each server divided by nginx's. */
  ratioToNginx: Partial<Record<ServerKind, number>>;
  /** nginx's CPU time per request divided by this server's: the same question, less sensitive to a busy machine. */
  cpuRatioToNginx: Partial<Record<ServerKind, number>>;
  /** Lowest and highest ratio of req/s within one round (same round, back to back). */
  ratioRangeToNginx: Partial<Record<ServerKind, { min: number; max: number }>>;
}

export interface BenchmarkReport {
  date: string;
  command: string;
  /** The code measured: commit, and whether the working tree differed from it. */
  revision: { commit: string; hasLocalChanges: boolean | null };
  machine: { cpus: number; cpuModel: string; node: string; nginx: string; wrk: string; kernel: string };
  settings: {
    articles: number;
    totalArticles: number;
    rounds: number;
    durationSeconds: number;
    warmupSeconds: number;
    readerDurationSeconds: number;
    readerWarmupSeconds: number;
    connections: number;
    threads: 1;
  };
  articlePath: string;
  premiumArticlePath: string;
  registeredArticlePath: string;
  throughput: ComparisonResult[];
  pageWeight: PageWeight;
  coldStart: { runsMs: number[]; medianMs: number };
  accountLatency: AccountLatency;
  comments: CommentsBenchmark;
  targets: Array<{ name: string; target: string; actual: string; isMet: boolean }>;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function medianFigures(rounds: RoundResult[]): Figures {
  const of = (pick: (round: RoundResult) => number) => median(rounds.map(pick));
  return {
    requestsPerSecond: of((round) => round.requestsPerSecond),
    latencyP50Ms: of((round) => round.latencyP50Ms),
    latencyP99Ms: of((round) => round.latencyP99Ms),
    userMicrosPerRequest: of((round) => round.userMicrosPerRequest),
    systemMicrosPerRequest: of((round) => round.systemMicrosPerRequest),
  };
}

function table(headings: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = headings.map((heading, column) => Math.max(heading.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  return [line(headings), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

const integer = (value: number) => Math.round(value).toLocaleString('en-GB');
const decimal = (value: number, digits = 2) => value.toFixed(digits);
const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatReport(report: BenchmarkReport): string {
  const { settings } = report;
  const throughputRows = report.throughput.flatMap((comparison) =>
    (Object.keys(comparison.servers) as ServerKind[]).map((server) => {
      const figures = comparison.servers[server]!.median;
      const ratio = comparison.ratioToNginx[server];
      const range = comparison.ratioRangeToNginx[server];
      const cpuRatio = comparison.cpuRatioToNginx[server];
      return [
        `${comparison.label}${comparison.isBuiltPerRequest ? ' †' : ''}`,
        SERVER_LABELS[server],
        integer(comparison.bodyBytes),
        integer(figures.requestsPerSecond),
        decimal(figures.latencyP50Ms),
        decimal(figures.latencyP99Ms),
        `${decimal(figures.userMicrosPerRequest, 1)} + ${decimal(figures.systemMicrosPerRequest, 1)}`,
        ratio === undefined ? '' : `${decimal(ratio)}×`,
        range === undefined || server === 'nginx' ? '' : `${decimal(range.min)}–${decimal(range.max)}`,
        cpuRatio === undefined || server === 'nginx' ? '' : `${decimal(cpuRatio)}×`,
      ];
    }),
  );
  const weightRows = report.pageWeight.resources.map((resource) => [
    resource.kind,
    new URL(resource.url).pathname,
    resource.encoding,
    integer(resource.transferredBytes),
    integer(resource.decodedBytes),
  ]);
  weightRows.push(['total', '', '', integer(report.pageWeight.totalTransferredBytes), '']);
  const runs = report.throughput.flatMap((comparison) => Object.values(comparison.servers).flatMap((server) => server.rounds));
  const starved = runs.filter((run) => run.coreShare < 0.9).length;
  return [
    `Masthead benchmark, ${report.date}, commit ${report.revision.commit.slice(0, 12)}${report.revision.hasLocalChanges ? ' + local changes' : ''}`,
    `${report.machine.cpus} × ${report.machine.cpuModel}; node ${report.machine.node}; ${report.machine.nginx}; ${report.machine.wrk}`,
    `${settings.totalArticles} articles (${settings.articles} generated); article ${report.articlePath}`,
    `premium ${report.premiumArticlePath}; registered-only ${report.registeredArticlePath}`,
    '',
    `Throughput: wrk -t1 -c${settings.connections}, ${settings.rounds} alternating rounds of ${settings.durationSeconds} s after ${settings.warmupSeconds} s warm-up ` +
      `(reader-state rows: ${settings.readerDurationSeconds} s after ${settings.readerWarmupSeconds} s); medians`,
    table(
      ['Page', 'Server', 'Body B', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req user + sys', 'vs nginx', 'per round', 'by CPU'],
      throughputRows,
      [false, false, true, true, true, true, true, true, true, true],
    ),
    'Every baseline sends the bytes and headers (Set-Cookie included) the app sent for that row, as a static file.',
    ...(report.throughput.some((comparison) => comparison.isBuiltPerRequest)
      ? [
          '† The app builds this body per request (account corner or form tokens, compressed per request); the baselines serve one copy of it.',
        ]
      : []),
    ...(starved
      ? [
          `Note: in ${starved} of ${runs.length} runs the server used under 90% of a core (a busy machine); the "by CPU" ratio is steadier then.`,
        ]
      : []),
    '',
    'Article page weight (Accept-Encoding: gzip, as a browser first loads it)',
    table(['Kind', 'Path', 'Encoding', 'Bytes sent', 'Decoded'], weightRows, [false, false, false, true, true]),
    '',
    `Cold start to first article 200: ${report.coldStart.runsMs.map((ms) => `${Math.round(ms)} ms`).join(', ')} (median ${Math.round(report.coldStart.medianMs)} ms)`,
    '',
    'Account requests (sequential, default Argon2 cost; the proof-of-work is solved outside the timing)',
    table(
      ['Request', 'Samples', 'p50 ms', 'max ms'],
      (
        [
          ['Registration (POST /register)', report.accountLatency.registration],
          ['Sign-in, right password', report.accountLatency.signIn],
          ['Sign-in, wrong password', report.accountLatency.signInWrongPassword],
          ['Sign-in, unknown email', report.accountLatency.signInUnknownEmail],
        ] as const
      ).map(([name, summary]) => [name, String(summary.samples), decimal(summary.p50Ms, 1), decimal(summary.maxMs, 1)]),
      [false, true, true, true],
    ),
    '',
    formatCommentsReport(report.comments),
    '',
    'Targets',
    table(
      ['Target', 'Wanted', 'Measured', ''],
      report.targets.map((target) => [target.name, target.target, target.actual, target.isMet ? 'met' : 'MISSED']),
      [false, false, false, false],
    ),
  ].join('\n');
}

/**
 * The anonymous article's ratio to nginx before access control (docs/benchmarks.md,
 * reference run at commit e85143e: 0.503×); issue 4 lets anonymous readers cost at most 10 % of it.
 */
const FOUNDATION_ARTICLE_RATIO = 0.5;
const ANONYMOUS_ROWS = [
  ['article-br', 'first visit'],
  ['article-metered-reread-br', 'metered re-read'],
] as const;
// A new read signs a fresh meter cookie (HMAC-SHA256 and a Set-Cookie): it
// happens at most METER_FREE_ARTICLES times per reader per period, so it is
// reported beside the target rather than held to it (docs/benchmarks.md).
const REPORTED_ANONYMOUS_ROWS = [['article-metered-new-br', 'metered new read']] as const;

export function describeTargets(report: Omit<BenchmarkReport, 'targets'>): BenchmarkReport['targets'] {
  const ratioOf = (id: string) => report.throughput.find((comparison) => comparison.id === id)?.ratioToNginx.app ?? Number.NaN;
  const article = report.throughput.find((comparison) => comparison.id === 'article-br');
  const articleRatio = article?.ratioToNginx.app ?? Number.NaN;
  const articleCpuRatio = article?.cpuRatioToNginx.app ?? Number.NaN;
  const anonymousFloor = FOUNDATION_ARTICLE_RATIO * 0.9;
  const anonymousRatios = ANONYMOUS_ROWS.map(([id, name]) => ({ name, ratio: ratioOf(id) }));
  const weight = report.pageWeight.totalTransferredBytes;
  return [
    {
      name: 'Article req/s vs nginx',
      target: '≥ 0.50×',
      actual: `${decimal(articleRatio, 3)}× (by CPU ${decimal(articleCpuRatio, 3)}×)`,
      isMet: articleRatio >= 0.5,
    },
    {
      name: 'Anonymous article paths, within 10 % of the foundation figure',
      target: `≥ ${decimal(anonymousFloor)}× (0.9 × ${decimal(FOUNDATION_ARTICLE_RATIO)}×)`,
      actual: [
        ...anonymousRatios.map(({ name, ratio }) => `${name} ${decimal(ratio)}×`),
        ...REPORTED_ANONYMOUS_ROWS.map(([id, name]) => `(${name} ${decimal(ratioOf(id))}×, not targeted)`),
      ].join(', '),
      isMet: anonymousRatios.every(({ ratio }) => ratio >= anonymousFloor),
    },
    { name: 'Article page weight (gzip)', target: '≤ 50 KB', actual: kilobytes(weight), isMet: weight <= 50 * 1024 },
    {
      name: 'Cold start to first page',
      target: '< 1000 ms',
      actual: `${Math.round(report.coldStart.medianMs)} ms`,
      isMet: report.coldStart.medianMs < 1000,
    },
    ...describeCommentTargets(report.comments),
  ];
}
