/**
 * Work that Strapi starts and does not wait for, settled before the database closes.
 *
 * After every Document Service write, Strapi emits its `entry.*` events from an `onCommit` callback that
 * nobody awaits (@strapi/core document-service/events.js): it reads the entry back, then runs the event hub's
 * listeners (webhooks…). A script that destroys Strapi right after its last write (`npm run seed`) closed
 * the pool under that read: tarn rejects it with `Error: aborted`, an unhandled rejection, exit 1. So every
 * commit callback is tracked here, and `settleDatabaseWork` (the app's `destroy`) waits for them and for the
 * pool to fall idle.
 */
import type { Core } from '@strapi/strapi';

interface PoolStats {
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

type Log = { error: (message: string) => void };
type CommitCallback = () => unknown;
type TransactionParams = { onCommit: (callback: CommitCallback) => void };
/** The part of `strapi.db` wrapped here (Strapi calls the callback with `{ trx, commit, rollback, onCommit, onRollback }`). */
interface Transactions {
  transaction(callback?: (params: TransactionParams) => unknown): Promise<unknown>;
}

/** Commit callbacks still running, per Strapi instance (a test process may hold several in turn). */
const running = new WeakMap<object, Set<Promise<unknown>>>();

const errorText = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));

/** Runs `callback`, keeping its promise in `tracked` until it settles; a failure is logged, not left unhandled. */
export function trackCommitCallback(tracked: Set<Promise<unknown>>, callback: CommitCallback, log: Log): void {
  const work = Promise.resolve()
    .then(callback)
    .catch((error: unknown) => log.error(`Work after a database commit failed: ${errorText(error)}`));
  tracked.add(work);
  void work.finally(() => tracked.delete(work));
}

/** Wraps `strapi.db.transaction` so that every `onCommit` callback is tracked (call from `register`). */
export function trackCommitCallbacks(strapi: Core.Strapi): void {
  const db: Transactions = strapi.db;
  const tracked = new Set<Promise<unknown>>();
  running.set(strapi, tracked);
  const transaction = db.transaction.bind(db);
  db.transaction = (callback) => {
    if (!callback) return transaction();
    return transaction((params) => callback({ ...params, onCommit: (onCommit) => params.onCommit(() => trackCommitCallback(tracked, onCommit, strapi.log)) }));
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves once no commit callback runs and no query runs or waits for a connection, or after `timeoutMs`
 * (then it says what is still running). Checked twice in a row: a callback may start a query just after the
 * pool fell idle.
 */
export async function settleDatabaseWork(strapi: Core.Strapi, { timeoutMs = 10_000, pollMs = 20 } = {}): Promise<void> {
  const tracked = running.get(strapi) ?? new Set<Promise<unknown>>();
  const pool = (strapi.db?.connection?.client as { pool?: PoolStats } | undefined)?.pool;
  const busy = () => (pool ? pool.numUsed() + pool.numPendingAcquires() + pool.numPendingCreates() : 0);
  const deadline = Date.now() + timeoutMs;
  let quietChecks = 0;
  while (quietChecks < 2) {
    if (Date.now() > deadline) {
      strapi.log.warn(`Closing the database with work still running: ${tracked.size} commit callbacks, ${busy()} connections busy`);
      return;
    }
    if (tracked.size > 0) await Promise.race([Promise.allSettled([...tracked]), sleep(pollMs)]);
    else await sleep(pollMs);
    quietChecks = tracked.size === 0 && busy() === 0 ? quietChecks + 1 : 0;
  }
}
