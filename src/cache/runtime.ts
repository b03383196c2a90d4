/**
 * The cache machinery of one instance: its origin cache, the purge worker that sends the queue to the
 * cache tier, and (on PostgreSQL) the LISTEN connection through which the instances tell each other
 * which tags to drop.
 *
 * A change's tags are dropped (1) from this instance's origin cache right after its commit, (2) from the
 * other instances' through NOTIFY, sent in the change's transaction so that PostgreSQL delivers it at the
 * commit and never for a change that rolled back, and (3) from the cache tier by the purge worker, which
 * this instance wakes right after the commit and every instance runs once a second for queued purges that
 * are due (later moments, retries, rows of an instance that died).
 */
import type { Core } from '@strapi/strapi';
import { Client, type ClientConfig } from 'pg';
import type { Knex } from 'knex';
import { OriginCache } from './origin-cache';
import { claimDuePurges, completePurges, ensurePurgeQueue, hasDuePurges, nextDueAt, retryPurges } from './purge-queue';
import { cacheSettings } from '../settings/cache';

/** Where the purge worker sends tags (src/cache/purge-adapters.ts). */
export interface PurgeSender {
  readonly name: string;
  purge(tags: readonly string[]): Promise<void>;
}

export const PURGE_CHANNEL = 'newsroom_purge';
/** PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more. */
const NOTIFY_PAYLOAD_BYTES = 7000;
const POLL_MS = 1000;
const RECONNECT_MS = 1000;
const HEARTBEAT_MS = 5000;
const HEARTBEAT_TIMEOUT_MS = 2000;
const STOP_WAIT_MS = 2000;

/** The LISTEN connection's application_name, so operators (and tests) find each instance's listener in pg_stat_activity. */
export const listenerName = (pid: number = process.pid): string => `newsroom purge listener ${pid}`;

/** Tags in space-separated chunks that each fit in one notification. */
export function notifyPayloads(tags: readonly string[]): string[] {
  const payloads: string[] = [];
  let current = '';
  for (const tag of tags) {
    if (current && current.length + 1 + tag.length > NOTIFY_PAYLOAD_BYTES) {
      payloads.push(current);
      current = '';
    }
    current = current ? `${current} ${tag}` : tag;
  }
  if (current) payloads.push(current);
  return payloads;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class CacheRuntime {
  readonly origin: OriginCache;
  private sender: PurgeSender | null = null;
  private timer: NodeJS.Timeout | null = null;
  private cycle: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private listener: Client | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private listenerLost: ((error?: unknown) => void) | null = null;
  private heartbeatAt = 0;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(private readonly strapi: Core.Strapi) {
    this.origin = new OriginCache(cacheSettings(strapi).originCacheBytes);
  }

  private get knex(): Knex {
    return this.strapi.db.connection;
  }

  private get postgres(): boolean {
    return this.strapi.db.dialect.client === 'postgres';
  }

  /** Creates the queue table (after every schema sync). */
  async ensureSchema(knex: Knex = this.knex): Promise<void> {
    await ensurePurgeQueue(knex);
  }

  /** Starts the worker (and the LISTEN connection on PostgreSQL); until it listens, the origin cache stays off. */
  async start(sender: PurgeSender): Promise<void> {
    this.sender = sender;
    this.stopped = false;
    if (this.postgres) {
      this.origin.distrust();
      await this.listen();
      // On a timer of its own: a slow send to the cache tier must not delay finding a dead listener.
      this.heartbeat = setInterval(() => void this.checkListener(), HEARTBEAT_MS);
      this.heartbeat.unref();
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.reconnect) clearTimeout(this.reconnect);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = this.reconnect = this.heartbeat = null;
    // A send to an unreachable tier may take several timeouts: the shutdown does not wait for it. Its rows stay
    // claimed until their lease ends, then an instance sends them again.
    await Promise.race([this.cycle, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  /** In a change's transaction: the other instances hear of its tags when it commits. */
  async notifyInTransaction(trx: Knex, tags: readonly string[]): Promise<void> {
    if (!this.postgres) return;
    for (const payload of notifyPayloads(tags)) await trx.raw('SELECT pg_notify(?, ?)', [PURGE_CHANNEL, payload]);
  }

  /** After a change's commit: out of this instance's origin cache now, to the cache tier soon. */
  committed(tags: readonly string[], moments: readonly number[]): void {
    this.origin.purge(tags);
    if (moments.length > 0) this.origin.expireBy(Math.min(...moments));
    this.kick();
  }

  /** Runs a worker cycle now (or right after the one running). */
  kick(): void {
    if (this.stopped) return;
    if (this.cycle) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Waits until no cycle runs and nothing due is left (tests, shutdown). */
  async drain(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.cycle;
      if (!(await hasDuePurges(this.knex)) || Date.now() > deadline) return;
      await this.runCycle();
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runCycle().finally(() => {
        if (this.again) {
          this.again = false;
          this.schedule(0);
        } else this.schedule(POLL_MS);
      });
    }, delay);
    this.timer.unref();
  }

  private runCycle(): Promise<void> {
    if (!this.cycle) this.cycle = this.work().finally(() => (this.cycle = null));
    return this.cycle;
  }

  private async work(): Promise<void> {
    try {
      const now = Date.now();
      if (await hasDuePurges(this.knex, now)) {
        const claimed = await claimDuePurges(this.knex, now);
        if (claimed.length > 0) await this.send(claimed);
      }
      const next = await nextDueAt(this.knex, Date.now());
      this.origin.expireAt(next ?? Number.POSITIVE_INFINITY);
    } catch (error) {
      if (!this.stopped) this.strapi.log.error(`Purge worker: ${message(error)}`);
    }
  }

  private async send(claimed: Awaited<ReturnType<typeof claimDuePurges>>): Promise<void> {
    const tags = [...new Set(claimed.flatMap((row) => row.tags))];
    // Origin caches first: they must never be stale, whatever the cache tier does.
    const originTags = [...new Set(claimed.filter((row) => !row.tierOnly).flatMap((row) => row.tags))];
    if (originTags.length > 0) {
      this.origin.purge(originTags);
      if (this.postgres) for (const payload of notifyPayloads(originTags)) await this.knex.raw('SELECT pg_notify(?, ?)', [PURGE_CHANNEL, payload]);
    }
    try {
      await this.sender?.purge(tags);
      await completePurges(
        this.knex,
        claimed.map((row) => row.id),
      );
    } catch (error) {
      const attempt = Math.max(...claimed.map((row) => row.attempts)) + 1;
      const shown = tags.length > 50 ? `${tags.slice(0, 50).join(' ')} … (${tags.length} tags)` : tags.join(' ');
      this.strapi.log.error(
        `Purge through ${this.sender?.name ?? 'none'} failed (attempt ${attempt}, retried with backoff): ${message(error)}; tags: ${shown}`,
      );
      await retryPurges(this.knex, claimed);
    }
  }

  /**
   * A connection that a network drops without a reset looks alive until TCP gives up (minutes): a query on it
   * every HEARTBEAT_MS that must answer within HEARTBEAT_TIMEOUT_MS, else it counts as lost.
   */
  private async checkListener(): Promise<void> {
    const client = this.listener;
    if (!client || !this.listenerLost || Date.now() - this.heartbeatAt < HEARTBEAT_MS / 2) return;
    this.heartbeatAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.query('SELECT 1'),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${HEARTBEAT_TIMEOUT_MS} ms`)), HEARTBEAT_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      if (this.listener === client) this.listenerLost?.(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The LISTEN connection: while it is down, purges from other instances could be missed, so the origin cache is off. */
  private async listen(): Promise<void> {
    const settings = (this.knex.client as unknown as { connectionSettings: ClientConfig }).connectionSettings;
    const client = new Client({ ...settings, application_name: listenerName(), keepAlive: true });
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      this.listenerLost = null;
      this.listener = null;
      this.origin.distrust();
      if (this.stopped) return;
      this.strapi.log.warn(`Origin cache off until the purge notifications reconnect: ${error ? message(error) : 'connection ended'}`);
      void client.end().catch(() => undefined);
      this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
      this.reconnect.unref();
    };
    try {
      client.on('error', lost);
      client.on('end', () => lost());
      client.on('notification', (notification) => {
        if (notification.channel === PURGE_CHANNEL && notification.payload) this.origin.purge(notification.payload.split(' '));
      });
      this.listener = client;
      this.listenerLost = lost;
      await client.connect();
      await client.query(`LISTEN ${PURGE_CHANNEL}`);
      if (this.listener === client) this.origin.trust();
    } catch (error) {
      lost(error);
    }
  }
}

const runtimes = new WeakMap<Core.Strapi, CacheRuntime>();

/** The cache machinery of this Strapi instance (created on first use). */
export function cacheRuntime(strapi: Core.Strapi): CacheRuntime {
  let runtime = runtimes.get(strapi);
  if (!runtime) runtimes.set(strapi, (runtime = new CacheRuntime(strapi)));
  return runtime;
}
