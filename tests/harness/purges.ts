/**
 * The purge queue (src/cache/purge-queue.ts) of a server process's database, read from the test: a test waits for
 * the purges of its set-up to go out before it warms a cache, and checks that none is left behind.
 */
import { Client } from 'pg';
import { PURGE_TABLE } from '../../src/cache/purge-queue';
import { PURGE_ECHO_MS } from '../../src/cache/changes';
import { sleep } from './time';

/** Rows in the queue; with `dueBy`, only those due by then (later ones are the moments a teaser window passes). */
export async function queuedPurges(databaseEnv: Record<string, string>, { dueBy }: { dueBy?: number } = {}): Promise<number> {
  const where = dueBy === undefined ? '' : ` WHERE due_at <= ${Math.floor(dueBy)}`;
  const sql = `SELECT count(*) AS n FROM ${PURGE_TABLE}${where}`;
  if (databaseEnv.DATABASE_CLIENT === 'postgres') {
    const pg = new Client({ connectionString: databaseEnv.DATABASE_URL });
    await pg.connect();
    try {
      return Number((await pg.query(sql)).rows[0].n);
    } finally {
      await pg.end();
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- better-sqlite3 ships no types here and is needed only on SQLite
  const Sqlite = require('better-sqlite3');
  const db = new Sqlite(databaseEnv.DATABASE_FILENAME, { readonly: true });
  try {
    return Number((db.prepare(sql).get() as { n: unknown }).n);
  } finally {
    db.close();
  }
}

/**
 * Waits (at most `timeoutMs`) until no purge is due and none of the repeats sent PURGE_ECHO_MS later is waiting:
 * what was written so far has reached the cache tier, and no late repeat will empty a cache the test warms next.
 */
export async function purgesSent(databaseEnv: Record<string, string>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await queuedPurges(databaseEnv, { dueBy: Date.now() + PURGE_ECHO_MS + 500 })) > 0) {
    if (Date.now() > deadline) throw new Error(`Purges still due after ${timeoutMs} ms`);
    await sleep(50);
  }
}
