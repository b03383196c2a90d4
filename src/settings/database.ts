/**
 * The database: SQLite (a file) or PostgreSQL (DATABASE_URL, or host, port, name, user and password).
 * Variables are read as Strapi's `env` helper reads them (`env.int`, `env.bool`), as config/database.ts always did.
 */
import path from 'path';
import { boolOr, collect, intOr, rawOr, type Env } from './env';

export const DATABASE_CLIENTS = ['sqlite', 'postgres'] as const;
export type DatabaseClient = (typeof DATABASE_CLIENTS)[number];

export interface DatabaseSettings {
  client: DatabaseClient;
  /** DATABASE_URL; when set it wins over host, port, name, username and password. */
  url: string | undefined;
  host: string;
  port: number;
  name: string;
  username: string;
  password: string | undefined;
  schema: string;
  ssl: boolean;
  sslRejectUnauthorized: boolean;
  pool: { min: number; max: number };
  /** PostgreSQL's JIT compiler (DATABASE_PG_JIT), off by default. */
  pgJit: boolean;
  /** Absolute path of the SQLite file. */
  filename: string;
  connectionTimeoutMs: number;
}

export function readDatabaseSettings(env: Env, appDir: string = process.cwd()): DatabaseSettings {
  return collect((problems) => {
    const client = rawOr(env, 'DATABASE_CLIENT', 'sqlite');
    if (!(DATABASE_CLIENTS as readonly string[]).includes(client)) {
      problems.push(`DATABASE_CLIENT "${client}" is not supported (use one of: ${DATABASE_CLIENTS.join(', ')})`);
    }
    return {
      client: client as DatabaseClient,
      url: env.DATABASE_URL || undefined,
      host: rawOr(env, 'DATABASE_HOST', '127.0.0.1'),
      port: intOr(env, 'DATABASE_PORT', 5432),
      name: rawOr(env, 'DATABASE_NAME', 'newsroom'),
      username: rawOr(env, 'DATABASE_USERNAME', 'postgres'),
      password: env.DATABASE_PASSWORD,
      schema: rawOr(env, 'DATABASE_SCHEMA', 'public'),
      ssl: boolOr(env, 'DATABASE_SSL', false),
      sslRejectUnauthorized: boolOr(env, 'DATABASE_SSL_REJECT_UNAUTHORIZED', true),
      pool: { min: intOr(env, 'DATABASE_POOL_MIN', 2), max: intOr(env, 'DATABASE_POOL_MAX', 10) },
      pgJit: boolOr(env, 'DATABASE_PG_JIT', false),
      // An absolute DATABASE_FILENAME is used as it is; a relative one is resolved from the app folder.
      filename: path.resolve(appDir, rawOr(env, 'DATABASE_FILENAME', '.tmp/data.db')),
      connectionTimeoutMs: intOr(env, 'DATABASE_CONNECTION_TIMEOUT', 60000),
    };
  });
}

/** The knex `connection` block (client and connection) these settings describe, without the pool. */
export function databaseConnection(settings: DatabaseSettings) {
  if (settings.client === 'sqlite') return { client: settings.client, connection: { filename: settings.filename } };
  const ssl = settings.ssl && { rejectUnauthorized: settings.sslRejectUnauthorized };
  return {
    client: settings.client,
    connection: settings.url
      ? { connectionString: settings.url, ssl }
      : {
          host: settings.host,
          port: settings.port,
          database: settings.name,
          user: settings.username,
          password: settings.password,
          ssl,
          schema: settings.schema,
        },
  };
}

type PgConnection = { query: (sql: string, cb: (error: Error | null) => void) => void };

/** Strapi's `database` configuration (config/database.ts) for these settings and the statement deadline (DATABASE_STATEMENT_TIMEOUT_MS). */
export function databaseConfig(settings: DatabaseSettings, statementTimeoutMs: number) {
  const postgresPool = {
    ...settings.pool,
    afterCreate: (conn: PgConnection, done: (error: Error | null, conn: unknown) => void) => {
      const statements = [
        // A deadline for every statement, so that no request holds a connection (and the readers queued
        // behind it) for long; a cancelled statement answers 503 (src/middlewares/request-budget.ts).
        `SET statement_timeout = ${statementTimeoutMs}`,
        // Reader queries are many short joins; PostgreSQL's JIT compiles them for hundreds of
        // milliseconds on tables it has not analysed yet (seen here: 4 ms → 630 ms). Off by default.
        ...(settings.pgJit ? [] : ['SET jit = off']),
      ];
      conn.query(statements.join('; '), (error) => done(error, conn));
    },
  };
  return {
    connection: {
      ...databaseConnection(settings),
      ...(settings.client === 'postgres' ? { pool: postgresPool } : { useNullAsDefault: true }),
      acquireConnectionTimeout: settings.connectionTimeoutMs,
    },
    // Migrations are TypeScript (database/migrations/*.ts); Strapi runs the compiled ones from dist/.
    settings: { useTypescriptMigrations: true },
  };
}
