/**
 * The origin cache: finished reader responses in this instance's memory, so that a cache tier's misses
 * (and clients without one) cost a lookup instead of the queries. Never stale: an entry is dropped by
 * the same tags that purge the cache tier (at the commit of a change on this instance, through
 * PostgreSQL LISTEN/NOTIFY from the others: src/cache/purge-bus.ts), and expires by itself at the next
 * moment the content changes by time (a teaser window opening or closing: src/cache/purge-queue.ts).
 */
import { LRUCache } from 'lru-cache';

export interface CachedResponse {
  status: number;
  /** The body as sent (JSON already serialised). */
  body: string;
  /** Content-Type as sent. */
  type: string;
  etag: string;
  /** Response headers to repeat (Cache-Control, the tag header). */
  headers: Record<string, string>;
  tags: readonly string[];
}

interface Entry extends CachedResponse {
  expiresAt: number;
}

/** Per-entry bookkeeping beyond the body (key, header strings, Map slots), counted in its size. */
const ENTRY_OVERHEAD = 512;

export class OriginCache {
  private readonly entries: LRUCache<string, Entry> | null;
  private readonly byTag = new Map<string, Set<string>>();
  /** Bumped by every purge: a response built while one ran is not stored (it may hold what the purge removed). */
  private purges = 0;
  /** False while a purge could be missed (the notification connection is down): nothing is served or stored. */
  private trusted = true;
  /** The next moment content changes by time (epoch ms), as last read from the purge queue. */
  private nextChange = Number.POSITIVE_INFINITY;

  constructor(maxBytes: number) {
    this.entries =
      maxBytes > 0
        ? new LRUCache<string, Entry>({
            maxSize: maxBytes,
            // The body, and what a list page may carry nearly as much of: its headers and tags (counted twice: the tag index).
            sizeCalculation: (entry, key) =>
              Buffer.byteLength(entry.body) +
              key.length * 2 +
              Object.values(entry.headers).reduce((sum, value) => sum + value.length, 0) +
              entry.tags.reduce((sum, tag) => sum + 2 * tag.length + 64, 0) +
              ENTRY_OVERHEAD,
            dispose: (entry, key) => this.unindex(key, entry.tags),
          })
        : null;
  }

  get enabled(): boolean {
    return this.entries !== null && this.trusted;
  }

  /** The purge count now; pass it to `set` to refuse a response that a purge overtook. */
  get generation(): number {
    return this.purges;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  get(key: string, now = Date.now()): CachedResponse | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries!.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries!.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * Keeps `response` until a purge names one of its tags, `maxAgeMs` pass, or content changes by time;
   * refused (false) when a purge ran since `generation` was read.
   */
  set(key: string, response: CachedResponse, { generation, maxAgeMs, now = Date.now() }: { generation: number; maxAgeMs: number; now?: number }): boolean {
    if (!this.enabled || generation !== this.purges) return false;
    const expiresAt = Math.min(now + maxAgeMs, this.nextChange);
    if (expiresAt <= now) return false;
    const previous = this.entries!.get(key);
    if (previous) this.entries!.delete(key);
    this.entries!.set(key, { ...response, expiresAt });
    if (!this.entries!.has(key)) return false; // larger than the whole cache
    for (const tag of response.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    return true;
  }

  /** Drops every entry that carries one of `tags`; returns how many. */
  purge(tags: Iterable<string>): number {
    this.purges += 1;
    if (!this.entries) return 0;
    const keys = new Set<string>();
    for (const tag of tags) for (const key of this.byTag.get(tag) ?? []) keys.add(key);
    for (const key of keys) this.entries.delete(key);
    return keys.size;
  }

  clear(): void {
    this.purges += 1;
    this.entries?.clear();
    this.byTag.clear();
  }

  /** Stops serving and storing (and forgets everything) until `trust()`: purges may be missed meanwhile. */
  distrust(): void {
    this.trusted = false;
    this.clear();
  }

  trust(): void {
    this.clear();
    this.trusted = true;
  }

  /** Brings the next moment forward to `moment` if it is earlier (a change just scheduled one). */
  expireBy(moment: number): void {
    if (moment < this.nextChange) this.expireAt(moment);
  }

  /** The next moment content changes by time: entries stored from now on expire then at the latest; older ones too. */
  expireAt(moment: number): void {
    const earlier = moment < this.nextChange;
    this.nextChange = moment;
    if (!this.entries || !earlier) return;
    // In place: setting the key again would dispose the entry and unindex its tags.
    for (const entry of this.entries.values()) entry.expiresAt = Math.min(entry.expiresAt, moment);
  }

  private unindex(key: string, tags: readonly string[]): void {
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.byTag.delete(tag);
    }
  }
}
