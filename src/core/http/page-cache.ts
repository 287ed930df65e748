// In-memory cache of rendered responses, shared by every page type.
//
// Invalidation: every content change bumps one database revision. A node
// checks that revision (and the next scheduled publication time) at most once
// per `revalidateMs`, in the background, and drops everything when it moved;
// changes made through this node clear it at once. So the hot path never
// queries the database, and another node's edit shows within revalidateMs.
import type { Clock } from '../clock.js';

export interface ContentRevision {
  revision: number;
  /** Earliest future publication time, ISO; when it passes, fronts change. */
  nextPublicationAt: string | null;
}

export interface PageCacheOptions {
  maxEntries: number;
  revalidateMs: number;
  clock: Clock;
  readRevision: () => Promise<ContentRevision>;
  onError?: (error: unknown) => void;
}

export class PageCache {
  private readonly entries = new Map<string, unknown>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private known: ContentRevision | undefined;
  private lastCheckedAt = 0;
  private checking: Promise<void> | undefined;
  private generation = 0;

  constructor(private readonly options: PageCacheOptions) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * Returns the cached value for `key`, building it once if missing (concurrent
   * misses share one build). `null` results are not kept: caching misses would
   * let requests for random URLs evict the pages readers actually read.
   */
  async get<T>(key: string, build: () => Promise<T | null>): Promise<T | null> {
    const cached = this.peek<T>(key);
    if (cached !== undefined) return cached;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight as Promise<T | null>;
    const generationAtStart = this.generation;
    const building = build().finally(() => this.pending.delete(key));
    this.pending.set(key, building);
    const response = await building;
    // A clear() during the build means the content may have changed under it.
    if (response !== null && generationAtStart === this.generation && this.options.maxEntries > 0) {
      this.entries.set(key, response);
      if (this.entries.size > this.options.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return response;
  }

  /** The cached value for `key`, synchronously, or undefined: the hot path's way in (no await on a hit). */
  peek<T>(key: string): T | undefined {
    this.revalidateIfDue();
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      // Refresh recency for LRU: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, cached);
    }
    return cached as T | undefined;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Called after this node changed content: drop everything and remember the new revision. */
  async invalidate(): Promise<void> {
    this.clear();
    this.known = await this.options.readRevision();
    this.lastCheckedAt = this.options.clock.now().getTime();
  }

  /** Checks the shared revision now (tests and start-up use it). */
  async revalidate(): Promise<void> {
    const now = this.options.clock.now();
    this.lastCheckedAt = now.getTime();
    const latest = await this.options.readRevision();
    const previous = this.known;
    this.known = latest;
    if (!previous) return;
    const scheduledPublicationPassed = previous.nextPublicationAt !== null && previous.nextPublicationAt <= now.toISOString();
    if (latest.revision !== previous.revision || scheduledPublicationPassed) this.clear();
  }

  private revalidateIfDue(): void {
    if (this.checking) return;
    const now = this.options.clock.now().getTime();
    if (this.known && now - this.lastCheckedAt < this.options.revalidateMs) return;
    this.checking = this.revalidate()
      .catch((error) => this.options.onError?.(error))
      .finally(() => {
        this.checking = undefined;
      });
  }
}
