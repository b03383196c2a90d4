/**
 * The one place that couples the reader to Knex internals: raw rows of one read, on SQLite and
 * PostgreSQL alike.
 *
 * On SQLite each statement is prepared once per connection and reused (Knex prepares every query anew;
 * compiling the teaser query took longer than running it, a tenth of the server's CPU under load), still
 * announced as Knex `query` / `query-response` events so that query logging and the statement deadline see
 * it. On PostgreSQL the round trip dwarfs Knex's own cost, so reads go through `knex.raw`.
 */
import type { Core } from '@strapi/strapi';

interface SqliteStatement {
  all(bindings: unknown[]): unknown[];
}
interface DriverClient {
  driverName?: string;
  acquireConnection(): Promise<{ prepare(sql: string): SqliteStatement }>;
  releaseConnection(connection: unknown): Promise<unknown>;
  emit(event: string, ...args: unknown[]): boolean;
}

const sqliteStatements = new WeakMap<object, Map<string, SqliteStatement>>();
let queryUid = 0;

/** What Knex's better-sqlite3 client does to bindings: dates as epoch milliseconds, booleans as 0/1. */
const sqliteBinding = (value: unknown) => (value instanceof Date ? value.valueOf() : typeof value === 'boolean' ? Number(value) : value);

async function sqliteRows(client: DriverClient, sql: string, bindings: readonly unknown[]): Promise<unknown[]> {
  const connection = await client.acquireConnection();
  try {
    let statements = sqliteStatements.get(connection);
    if (!statements) {
      statements = new Map();
      sqliteStatements.set(connection, statements);
    }
    let statement = statements.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      statements.set(sql, statement);
    }
    const query = { method: 'raw', sql, bindings, __knexQueryUid: `reader-${(queryUid += 1)}` };
    client.emit('query', query);
    const found = statement.all(bindings.map(sqliteBinding));
    client.emit('query-response', found, query);
    return found;
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * The rows of one read, as the driver returns them (see src/reader/decode.ts). `T` names the selected
 * columns; the values are still raw (numbers or strings, dates or epoch milliseconds, JSON or text).
 */
export async function rows<T extends object>(strapi: Core.Strapi, sql: string, bindings: readonly unknown[]): Promise<T[]> {
  const knex = strapi.db.connection;
  const client = knex.client as unknown as DriverClient;
  if (client.driverName === 'better-sqlite3') return (await sqliteRows(client, sql, bindings)) as T[];
  const result = (await knex.raw(sql, bindings as never)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
