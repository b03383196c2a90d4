/**
 * Request limits read from the environment: the rate limits of the login endpoints, the amount
 * limits of GraphQL and the budgets of one request (database deadline, rows, response size). A value that is not a whole number stops start-up with the variable's name.
 */
import { collect, gather, valueOf, type Env } from './env';

/** A whole number from `min` up, or `fallback` when the variable is unset or empty (or invalid: then a line in `problems`). */
function wholeNumber(env: Env, name: string, fallback: number, min: number, problems: string[]): number {
  const raw = valueOf(env, name);
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    problems.push(`${name} must be a whole number of at least ${min} (got "${raw}")`);
    return fallback;
  }
  return Number(raw);
}

/** The options of Strapi's rate limiter (koa2-ratelimit): `max` attempts per `interval` ms per client; 0 attempts = no limit. */
export interface RateLimit {
  enabled: boolean;
  max: number;
  interval: number;
}

/**
 * `<PREFIX>_RATE_LIMIT_MAX` attempts per `<PREFIX>_RATE_LIMIT_WINDOW_SECONDS`. The count is kept in the
 * memory of each Strapi process: with several instances behind a load balancer, each counts on its own.
 */
export function readRateLimit(env: Env, prefix: 'AUTH' | 'ADMIN', defaults: { max: number; windowSeconds: number }): RateLimit {
  return collect((problems) => {
    const max = wholeNumber(env, `${prefix}_RATE_LIMIT_MAX`, defaults.max, 0, problems);
    const windowSeconds = wholeNumber(env, `${prefix}_RATE_LIMIT_WINDOW_SECONDS`, defaults.windowSeconds, 1, problems);
    return { enabled: max > 0, max, interval: windowSeconds * 1000 };
  });
}

/** Reader accounts (`/api/auth/local`, `/register`, `/forgot-password`…): users-permissions' own default, 10 a minute. */
export const AUTH_RATE_LIMIT_DEFAULTS = { max: 10, windowSeconds: 60 };
/** The admin panel's login (`/admin/login`, per e-mail address and client): Strapi's default, 5 in 5 minutes. */
export const ADMIN_RATE_LIMIT_DEFAULTS = { max: 5, windowSeconds: 300 };

export interface GraphqlLimits {
  depthLimit: number;
  maxComplexity: number;
  maxSelections: number;
  /** Root fields (aliases included, fragments expanded) one operation may ask for. */
  maxRootFields: number;
}

export const GRAPHQL_LIMIT_DEFAULTS: Readonly<GraphqlLimits> = { depthLimit: 7, maxComplexity: 7500, maxSelections: 1000, maxRootFields: 20 };

export function readGraphqlLimits(env: Env): GraphqlLimits {
  return collect((problems) => ({
    depthLimit: wholeNumber(env, 'GRAPHQL_DEPTH_LIMIT', GRAPHQL_LIMIT_DEFAULTS.depthLimit, 1, problems),
    maxComplexity: wholeNumber(env, 'GRAPHQL_MAX_COMPLEXITY', GRAPHQL_LIMIT_DEFAULTS.maxComplexity, 1, problems),
    maxSelections: wholeNumber(env, 'GRAPHQL_MAX_SELECTIONS', GRAPHQL_LIMIT_DEFAULTS.maxSelections, 1, problems),
    maxRootFields: wholeNumber(env, 'GRAPHQL_MAX_ROOT_FIELDS', GRAPHQL_LIMIT_DEFAULTS.maxRootFields, 1, problems),
  }));
}

/** What one request may spend, so that no request can starve the others. */
export interface RequestBudgets {
  /** PostgreSQL cancels a statement of the app running longer (`statement_timeout`); 0 = no deadline. */
  statementTimeoutMs: number;
  /** Largest body a reader answer (REST under the API prefix, GraphQL) may have. */
  readerMaxResponseBytes: number;
  /** Rows one populated to-many relation may bring to one reader request, over all its parents. */
  readerMaxPopulatedRows: number;
  /** Reader requests (REST under the API prefix, GraphQL) running at once; 0 = any number. */
  readerMaxConcurrent: number;
  /** How long a reader request may wait for its turn before it answers 503. */
  readerQueueTimeoutMs: number;
}

/**
 * SQLite (better-sqlite3) runs every query on the event loop: requests side by side gain nothing and
 * hold `/_health` back in turn, so one at a time. PostgreSQL works while the loop waits: no gate.
 */
export const READER_MAX_CONCURRENT_DEFAULTS = { sqlite: 1, postgres: 0 } as const;

export const REQUEST_BUDGET_DEFAULTS = {
  statementTimeoutMs: 5000,
  readerMaxResponseBytes: 2 * 1024 * 1024,
  readerMaxPopulatedRows: 500,
  readerQueueTimeoutMs: 10000,
} as const;

export function readRequestBudgets(env: Env): RequestBudgets {
  const concurrentDefault = env.DATABASE_CLIENT === 'postgres' ? READER_MAX_CONCURRENT_DEFAULTS.postgres : READER_MAX_CONCURRENT_DEFAULTS.sqlite;
  return collect((problems) => ({
    statementTimeoutMs: wholeNumber(env, 'DATABASE_STATEMENT_TIMEOUT_MS', REQUEST_BUDGET_DEFAULTS.statementTimeoutMs, 0, problems),
    readerMaxResponseBytes: wholeNumber(env, 'READER_MAX_RESPONSE_BYTES', REQUEST_BUDGET_DEFAULTS.readerMaxResponseBytes, 1024, problems),
    readerMaxPopulatedRows: wholeNumber(env, 'READER_MAX_POPULATED_ROWS', REQUEST_BUDGET_DEFAULTS.readerMaxPopulatedRows, 1, problems),
    readerMaxConcurrent: wholeNumber(env, 'READER_MAX_CONCURRENT', concurrentDefault, 0, problems),
    readerQueueTimeoutMs: wholeNumber(env, 'READER_QUEUE_TIMEOUT_MS', REQUEST_BUDGET_DEFAULTS.readerQueueTimeoutMs, 1, problems),
  }));
}

export interface Limits {
  authRateLimit: RateLimit;
  adminRateLimit: RateLimit;
  graphql: GraphqlLimits;
  budgets: RequestBudgets;
}

/** Every limit above, with the problems of all of them at once. */
export function readLimits(env: Env): Limits {
  return collect((problems) => {
    return {
      authRateLimit: gather(problems, () => readRateLimit(env, 'AUTH', AUTH_RATE_LIMIT_DEFAULTS)),
      adminRateLimit: gather(problems, () => readRateLimit(env, 'ADMIN', ADMIN_RATE_LIMIT_DEFAULTS)),
      graphql: gather(problems, () => readGraphqlLimits(env)),
      budgets: gather(problems, () => readRequestBudgets(env)),
    } as Limits; // complete: collect throws when a reader failed
  });
}
