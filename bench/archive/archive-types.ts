// The shape of the archive benchmark's results (bench/results/archive-N.json).
import type { Revision } from '../machine.js';
import type { WrkResult } from '../wrk.js';
import type { Sitemaps } from './archive-pages.js';

export type Engine = 'sqlite' | 'postgres';

export interface ArchiveSettings {
  /** Articles generated for the measured archive… */
  articles: number;
  /** …and for the small one the growth ratio divides by. */
  baselineArticles: number;
  engines: Engine[];
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** How deep a section front's deep page is looked for (page number, or next links followed). */
  deepPage: number;
  /** Time allowed for following next links to the deep page. */
  discoverySeconds: number;
  postgresUrl: string | null;
  redisUrl: string | null;
}

export interface RowResult extends WrkResult {
  id: string;
  label: string;
  server: 'app' | 'nginx';
  /** The page measured, or how many different pages a crawler row walked. */
  path: string;
  /** The first answer for this page in the run: its uncached render, on an idle server. */
  firstMs: number | null;
  /** The app's longest event-loop delay during the measured wrk run. */
  eventLoopMaxMs: number | null;
  eventLoopP99Ms: number | null;
  /** Crawler rows: requests beyond the list's length, which re-read a page (possibly from the cache). */
  repeats: number | null;
  /** How long the app took, before this row, to answer a cached page quickly again. */
  settleSeconds: number;
}

export interface ArchiveRun {
  engine: Engine;
  articles: number;
  /** Articles readers may see (demo ones included), every access level. */
  liveArticles: number;
  redis: boolean;
  seedSeconds: number;
  /** bench/prepare-database.ts's own wall time for generating and writing the articles. */
  generationSeconds: number;
  /** From spawn to the first 200, on the loaded archive. */
  startSeconds: number;
  busiestSection: { path: string; articles: number };
  deepPage: { path: string; depth: number; paging: 'numbered' | 'linked'; secondsToFind: number };
  sitemaps: Sitemaps;
  /** Every page fetched while finding the rows' pages, with its first answer's time. */
  firstAnswers: Record<string, { status: number; ms: number }>;
  /** The longest event-loop delay while those first answers were rendered. */
  discoveryEventLoopMaxMs: number;
  rows: RowResult[];
  settleSecondsAfterLastRow: number;
}

export interface ArchiveReport {
  date: string;
  command: string;
  revision: Revision;
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    nginx: string;
    wrk: string;
    postgres: string | null;
    loadAverageAtStart: number[];
  };
  settings: ArchiveSettings;
  runs: ArchiveRun[];
  /** Engines not measured, and why. */
  skipped: { engine: Engine; reason: string }[];
  totalSeconds: number;
}
