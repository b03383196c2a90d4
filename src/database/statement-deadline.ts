/**
 * The database deadline of one statement: PostgreSQL's `statement_timeout`, set on every connection of
 * the app (config/database.ts, DATABASE_STATEMENT_TIMEOUT_MS). A statement that runs into it is
 * cancelled with `query_canceled`, which REST and GraphQL answer 503 (src/middlewares/request-budget.ts,
 * src/graphql/strapi-errors.ts). SQLite has no such deadline: better-sqlite3 runs on the event loop and offers no
 * interrupt, so there the work is bounded by the shape and size limits instead.
 */

/** PostgreSQL's `query_canceled`, raised by `statement_timeout` (and by an operator's pg_cancel_backend). */
const QUERY_CANCELED = '57014';

/** True for the error of a statement PostgreSQL stopped, however the layers above wrapped it. */
export function isStatementDeadline(error: unknown): boolean {
  let current = error;
  for (let hops = 0; current && typeof current === 'object' && hops < 5; hops += 1) {
    if ((current as { code?: unknown }).code === QUERY_CANCELED) return true;
    const wrapper = current as { originalError?: unknown; cause?: unknown };
    current = wrapper.originalError ?? wrapper.cause;
  }
  return false;
}

export const DEADLINE_MESSAGE = 'The request took too long and was stopped. Ask for fewer items or a simpler filter, or try again later.';

interface MigrationKnex {
  raw(sql: string): PromiseLike<unknown>;
  client?: { config?: { client?: unknown } };
}

/**
 * No deadline for the rest of a migration: Strapi runs each one in a transaction, and building an index
 * on a large table may take longer than a reader query ever should. `SET LOCAL` ends with the transaction.
 */
export async function liftStatementDeadline(knex: MigrationKnex): Promise<void> {
  const client = knex.client?.config?.client;
  if (client === 'postgres' || client === 'pg') await knex.raw('SET LOCAL statement_timeout = 0');
}
