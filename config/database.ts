import path from 'path';
import type { Core } from '@strapi/strapi';
import { readRequestBudgets } from '../src/config/limits';

type Client = 'sqlite' | 'postgres';
const CLIENTS: readonly Client[] = ['sqlite', 'postgres'];

const config = ({ env }: Core.Config.Shared.ConfigParams) => {
  const client = env('DATABASE_CLIENT', 'sqlite') as Client;
  if (!CLIENTS.includes(client)) {
    throw new Error(`DATABASE_CLIENT "${client}" is not supported (use one of: ${CLIENTS.join(', ')})`);
  }

  const { statementTimeoutMs } = readRequestBudgets((name) => env(name));
  const pool = { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) };
  const connections = {
    postgres: {
      connection: env('DATABASE_URL')
        ? {
            connectionString: env('DATABASE_URL'),
            ssl: env.bool('DATABASE_SSL', false) && { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) },
          }
        : {
            host: env('DATABASE_HOST', '127.0.0.1'),
            port: env.int('DATABASE_PORT', 5432),
            database: env('DATABASE_NAME', 'newsroom'),
            user: env('DATABASE_USERNAME', 'postgres'),
            password: env('DATABASE_PASSWORD'),
            ssl: env.bool('DATABASE_SSL', false) && { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) },
            schema: env('DATABASE_SCHEMA', 'public'),
          },
      pool: {
        ...pool,
        afterCreate: (conn: { query: (sql: string, cb: (error: Error | null) => void) => void }, done: (error: Error | null, conn: unknown) => void) => {
          const settings = [
            // A deadline for every statement, so that no request holds a connection (and the readers queued
            // behind it) for long; a cancelled statement answers 503 (src/middlewares/request-budget.ts).
            `SET statement_timeout = ${statementTimeoutMs}`,
            // Reader queries are many short joins; PostgreSQL's JIT compiles them for hundreds of
            // milliseconds on tables it has not analysed yet (seen here: 4 ms → 630 ms). Off by default.
            ...(env.bool('DATABASE_PG_JIT', false) ? [] : ['SET jit = off']),
          ];
          conn.query(settings.join('; '), (error) => done(error, conn));
        },
      },
    },
    sqlite: {
      connection: {
        // An absolute DATABASE_FILENAME is used as it is; a relative one is resolved from the app folder.
        filename: path.resolve(process.cwd(), env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
    },
  };

  return {
    connection: {
      client,
      ...connections[client],
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
    },
    // Migrations are TypeScript (database/migrations/*.ts); Strapi runs the compiled ones from dist/.
    settings: { useTypescriptMigrations: true },
  };
};

export default config;
