// In-memory cache of rendered responses, shared by every page type.
//
// Entries carry tags naming what they show (an article, a listing); a content
// change names the tags it touched, and only entries carrying one of them are
// dropped. Every change is logged in the database with its tags
// (content-changes.repository.ts), so every node applies every change: a
// node reads the log since the revision it last applied, at once when told
// (Redis or PostgreSQL notifications, content-change-feed.ts) and otherwise
// at least once per `revalidateMs`. That window holds for every request: a
// request arriving when the last check is older than the window waits for a
// new one (the only await on the hot path), so no node serves content older
// than the window, however long it sat idle (docs/decisions/012-tagged-page-cache.md).
import type { Clock } from '../clock.js';

/** Where a node stands in the shared change log, after a check. */
export interface CacheCheckpoint {
  /** The last content revision applied. */
  revision: number;
  /** When the check that applied it started (ISO): it saw every change committed before. */
  checkedAt: string;
  /** When content next changes by itself (a scheduled publication), as that check saw it; ISO. */
  nextChangeAt: string | null;
}

export interface ContentChanges {
  revision: number;
  /** Tags of the entries to drop; `everything` when the log cannot tell (a change logged without tags, a log pruned past this node). */
  stale: readonly string[] | 'everything';
  nextChangeAt: string | null;
}

export interface PageCacheOptions {
  maxEntries: number;
  /** The longest a node serves an entry without having checked the change log. */
  revalidateMs: number;
  clock: Clock;
  /** What changed after the checkpoint, up to `now` (ISO); `since` is undefined on the node's first check. */
  readChanges(since: CacheCheckpoint | undefined, now: string): Promise<ContentChanges>;
  onError?: (error: unknown) => void;
}

export interface CacheEntryOptions<T> {
  /** What the entry shows: a change naming any of these drops it. Computed from the built value when a function. */
  tags?: readonly string[] | ((value: T) => readonly string[]);
}

interface Entry {
  value: unknown;
  tags: readonly string[];
}

interface PendingBuild {
  generation: number;
  value: Promise<unknown>;
}

interface Check {
  startedMs: number;
  done: Promise<void>;
}

export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByTag = new Map<string, Set<string>>();
  private readonly pending = new Map<string, PendingBuild>();
  private checkpoint: CacheCheckpoint | undefined;
  private lastCheckStartedMs = Number.NEGATIVE_INFINITY;
  private running: Check | undefined;
  private queued: Promise<void> | undefined;
  // Drops counted, so a build that was running while what it shows changed is not kept.
  private generation = 0;
  private clearedAtGeneration = 0;
  private readonly droppedAtGeneration = new Map<string, number>();
  private buildsRunning = 0;

  constructor(private readonly options: PageCacheOptions) {}

  get size(): number {
    return this.entries.size;
  }

  /** Whether `key` is cached, without touching its recency or checking for changes (tests, diagnostics). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  /**
   * Returns the cached value for `key`, building it once if missing (concurrent
   * misses share one build). When the node has not checked for changes within
   * the window, waits for a check first. `null` results are not kept: caching
   * misses would let requests for random URLs evict the pages readers read.
   */
  async get<T>(key: string, build: () => Promise<T | null>, entryOptions: CacheEntryOptions<T> = {}): Promise<T | null> {
    const requestedAt = this.nowMs();
    const hit = this.peek<T>(key);
    if (hit !== undefined) return hit;
    if (!this.isFreshAt(requestedAt)) {
      await this.freshAsOf(requestedAt);
      const cached = this.lookup<T>(key);
      if (cached !== undefined) return cached;
    }
    // A build that began before something was dropped may show what changed: later requests do not join it.
    const inFlight = this.pending.get(key);
    if (inFlight && inFlight.generation === this.generation) return inFlight.value as Promise<T | null>;
    const building: PendingBuild = { generation: this.generation, value: Promise.resolve(null) };
    this.pending.set(key, building);
    building.value = this.build(key, building, build, entryOptions);
    return building.value as Promise<T | null>;
  }

  /**
   * The cached value for `key`, synchronously, or undefined: the hot path's
   * way in (no await on a hit). Undefined too when the node has not checked
   * for changes within the window: the caller then goes through `get`, which
   * waits for the check.
   */
  peek<T>(key: string): T | undefined {
    const now = this.nowMs();
    if (!this.isFreshAt(now)) {
      this.checkInBackground();
      return undefined;
    }
    // Halfway through the window a busy node checks in the background, so its readers never wait.
    if (now - this.lastCheckStartedMs >= this.options.revalidateMs / 2) this.checkInBackground();
    return this.lookup<T>(key);
  }

  /** Drops the entries carrying any of `tags` (or all of them) on this node: after this node changed content. */
  invalidate(tags: readonly string[] | 'everything'): void {
    this.generation++;
    if (tags === 'everything') {
      this.clearedAtGeneration = this.generation;
      this.entries.clear();
      this.keysByTag.clear();
      return;
    }
    for (const tag of tags) {
      if (this.buildsRunning > 0) this.droppedAtGeneration.set(tag, this.generation);
      const keys = this.keysByTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) this.remove(key);
    }
  }

  clear(): void {
    this.invalidate('everything');
  }

  /**
   * After this node committed a change touching `tags`: reads the log now, so
   * the change (and anything it scheduled) is applied here before the editor's
   * next request. Should the log be unreadable, drops the tags anyway.
   */
  async afterLocalChange(tags: readonly string[] | 'everything'): Promise<void> {
    try {
      await this.revalidate();
    } catch (error) {
      this.invalidate(tags);
      this.options.onError?.(error);
    }
  }

  /** Reads the change log now and applies what it says (a notification from another node, tests, start-up). */
  revalidate(): Promise<void> {
    // A check already reading may have missed the change we were told about: queue one more after it.
    if (!this.running) return this.startCheck().done;
    this.queued ??= this.running.done
      .catch(() => {})
      .then(() => {
        this.queued = undefined;
        // A check begun since then began after we were told: it will do.
        return (this.running ?? this.startCheck()).done;
      });
    return this.queued;
  }

  private nowMs(): number {
    return this.options.clock.now().getTime();
  }

  private isFreshAt(ms: number): boolean {
    return ms - this.lastCheckStartedMs < this.options.revalidateMs;
  }

  /** Waits until a check recent enough for a request that arrived at `requestedAt` has been applied. */
  private async freshAsOf(requestedAt: number): Promise<void> {
    if (this.running && requestedAt - this.running.startedMs < this.options.revalidateMs) return this.running.done;
    if (this.running) await this.running.done.catch(() => {});
    if (this.isFreshAt(requestedAt)) return;
    // Any check begun after the request arrived saw every change committed before it.
    return (this.running ?? this.startCheck()).done;
  }

  private checkInBackground(): void {
    if (this.running) return;
    this.startCheck().done.catch((error: unknown) => this.options.onError?.(error));
  }

  private startCheck(): Check {
    const startedMs = this.nowMs();
    const check: Check = { startedMs, done: this.check(startedMs) };
    this.running = check;
    const finished = () => {
      if (this.running === check) this.running = undefined;
    };
    check.done.then(finished, finished);
    return check;
  }

  private async check(startedMs: number): Promise<void> {
    const now = new Date(startedMs).toISOString();
    const since = this.checkpoint;
    const changes = await this.options.readChanges(since, now);
    if (changes.stale === 'everything' || changes.stale.length > 0) this.invalidate(changes.stale);
    this.checkpoint = { revision: changes.revision, checkedAt: now, nextChangeAt: changes.nextChangeAt };
    this.lastCheckStartedMs = Math.max(this.lastCheckStartedMs, startedMs);
  }

  private async build<T>(
    key: string,
    building: PendingBuild,
    build: () => Promise<T | null>,
    entryOptions: CacheEntryOptions<T>,
  ): Promise<T | null> {
    this.buildsRunning++;
    try {
      const value = await build();
      if (value !== null && this.options.maxEntries > 0) {
        const tags = typeof entryOptions.tags === 'function' ? entryOptions.tags(value) : (entryOptions.tags ?? []);
        if (!this.changedSince(building.generation, tags)) this.store(key, { value, tags });
      }
      return value;
    } finally {
      if (this.pending.get(key) === building) this.pending.delete(key);
      if (--this.buildsRunning === 0) this.droppedAtGeneration.clear();
    }
  }

  private lookup<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Refresh recency for LRU: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value as T;
  }

  /** Whether everything, or anything tagged with one of `tags`, was dropped after `generation`. */
  private changedSince(generation: number, tags: readonly string[]): boolean {
    if (this.clearedAtGeneration > generation) return true;
    return tags.some((tag) => (this.droppedAtGeneration.get(tag) ?? 0) > generation);
  }

  private store(key: string, entry: Entry): void {
    this.remove(key);
    this.entries.set(key, entry);
    for (const tag of entry.tags) {
      let keys = this.keysByTag.get(tag);
      if (!keys) this.keysByTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    if (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    for (const tag of entry.tags) {
      const keys = this.keysByTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.keysByTag.delete(tag);
    }
  }
}
