// The comment benchmarks in the printed report and the targets table
// (issue 5): durable writes per engine, statements per thread page.
import type { CommentsBenchmark } from './comments.js';

export const COMMENT_TARGETS = { sqliteWritesPerSecond: 2000, sqliteP99Ms: 20 } as const;

const integer = (value: number) => Math.round(value).toLocaleString('en-GB');
const decimal = (value: number, digits = 1) => value.toFixed(digits);

function table(headings: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = headings.map((heading, column) => Math.max(heading.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (rightAligned[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ');
  return [line(headings), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function formatCommentsReport(comments: CommentsBenchmark): string {
  const { settings } = comments;
  const writeRows = comments.writes.map((writes) => {
    if (!writes.median) return [writes.engine, 'skipped', '', '', '', '', '', writes.skipped ?? ''];
    const total = writes.rounds.reduce((sum, round) => sum + round.accepted, 0);
    const stored = writes.rounds.reduce((sum, round) => sum + round.rowsStored, 0);
    return [
      writes.engine,
      integer(writes.median.writesPerSecond),
      decimal(writes.median.latencyP50Ms),
      decimal(writes.median.latencyP99Ms),
      integer(writes.median.serverCpuMicrosPerPost),
      `${Math.round(writes.median.driverCoreShare * 100)}%`,
      `${integer(stored)} / ${integer(total)}`,
      writes.rounds.map((round) => integer(round.writesPerSecond)).join(', '),
    ];
  });
  const queryRows = comments.queries.map((count) => [count.label, String(count.status), String(count.queries)]);
  return [
    `Comment writes: new top-level comments through POST /comments (form posts, 303 after commit), ${settings.connections} keep-alive connections, ` +
      `${settings.rounds} rounds of up to ${settings.seconds} s or ${integer(settings.maxPosts)} posts after ${integer(settings.warmupPosts)} warm-up posts; ` +
      `each commenter posts at most ${settings.postsPerCommenter} times; medians`,
    table(['Engine', 'writes/s', 'p50 ms', 'p99 ms', 'app CPU µs/post', 'driver CPU', 'stored / 303s', 'per round'], writeRows, [
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]),
    '',
    'SQL statements per request (Kysely log hook, warm caches)',
    table(['Request', 'Status', 'Statements'], queryRows, [false, true, true]),
    ...(comments.threadAfterWrites
      ? [
          '',
          `Anonymous thread page (${integer(comments.longThread.comments)} comments) after the write rounds added ${integer(comments.threadAfterWrites.topLevelCommentsAdded)} ` +
            `top-level comments under other articles: ${integer(comments.threadAfterWrites.requestsPerSecond)} req/s`,
        ]
      : []),
  ].join('\n');
}

export function describeCommentTargets(
  comments: CommentsBenchmark,
): Array<{ name: string; target: string; actual: string; isMet: boolean }> {
  const sqlite = comments.writes.find((writes) => writes.engine === 'sqlite');
  const postgres = comments.writes.find((writes) => writes.engine === 'postgres');
  const pageQueries = (pattern: RegExp) =>
    comments.queries.filter((count) => pattern.test(count.label) && count.label.startsWith('Thread page'));
  const long = pageQueries(new RegExp(`^Thread page 1, ${integer(comments.longThread.comments)} comments`));
  const short = pageQueries(/^Thread page, \d+ comments/);
  const sameCost = long.length > 0 && long.length === short.length && long.every((count, index) => count.queries === short[index]!.queries);
  const writesOf = (writes: typeof sqlite) =>
    writes?.median
      ? `${integer(writes.median.writesPerSecond)}/s, p99 ${decimal(writes.median.latencyP99Ms)} ms`
      : `skipped${writes?.skipped ? ` (${writes.skipped})` : ''}`;
  return [
    {
      name: 'Durable comment writes, SQLite',
      target: `≥ ${integer(COMMENT_TARGETS.sqliteWritesPerSecond)}/s, p99 < ${COMMENT_TARGETS.sqliteP99Ms} ms`,
      actual: writesOf(sqlite),
      isMet:
        !!sqlite?.median &&
        sqlite.median.writesPerSecond >= COMMENT_TARGETS.sqliteWritesPerSecond &&
        sqlite.median.latencyP99Ms < COMMENT_TARGETS.sqliteP99Ms,
    },
    { name: 'Durable comment writes, PostgreSQL (reported)', target: 'no target', actual: writesOf(postgres), isMet: true },
    {
      name: `Thread page without N+1 queries (${integer(comments.longThread.comments)} comments)`,
      target: 'as many statements as for a short thread',
      actual: `${long.map((count) => count.queries).join(' / ')} (anonymous / signed in); ${short[0] ? `${short.map((count) => count.queries).join(' / ')} for ${short[0].label.match(/\d+/)?.[0]} comments` : 'no short thread'}`,
      isMet: sameCost,
    },
  ];
}
