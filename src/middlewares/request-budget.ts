import type { Core } from '@strapi/strapi';
import { readRequestBudgets } from '../settings/limits';
import { DEADLINE_MESSAGE, isStatementDeadline } from '../database/statement-deadline';
import { strapiErrorBody } from './client-errors';
import { isRoute, isUnderRoute } from './route-path';

export const tooLargeMessage = (maxBytes: number) =>
  `The answer would be larger than ${maxBytes} bytes. Ask for fewer items (pagination), fewer fields (fields) or fewer relations (populate).`;

/** The size in bytes of a body Koa will send as JSON or text, with the text it sends; null for streams and the like. */
export function serialisedBody(body: unknown): { text: string; bytes: number } | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return { text: body, bytes: Buffer.byteLength(body) };
  if (Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') return null;
  if (typeof body !== 'object') return null;
  const text = JSON.stringify(body);
  return { text, bytes: Buffer.byteLength(text) };
}

type Ctx = {
  path: string;
  status: number;
  body: unknown;
  set: (field: string, value: string) => void;
  remove: (field: string) => void;
};

/** Thrown by a gate whose queue wait ran out. */
export class GateBusyError extends Error {
  constructor() {
    super('busy');
    this.name = 'GateBusyError';
  }
}

/**
 * At most `max` pieces of work at once, the others wait in order (at most `timeoutMs`, then
 * GateBusyError). `max` 0 = no gate.
 */
export function concurrencyGate(max: number, timeoutMs: number) {
  let running = 0;
  const waiting: Array<{ start: () => void }> = [];
  const release = () => {
    running -= 1;
    const next = waiting.shift();
    // On the next turn of the event loop: handed over at once, the next request's work would run before
    // any waiting I/O (a health check), back to back with the one that just ended.
    if (next) {
      running += 1;
      setImmediate(next.start);
    }
  };
  return {
    get running() {
      return running;
    },
    get waiting() {
      return waiting.length;
    },
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (max > 0 && running >= max) {
        // The turn is counted (running += 1) by `release` when it hands it over.
        await new Promise<void>((resolve, reject) => {
          const entry = {
            start: () => {
              clearTimeout(timer);
              resolve();
            },
          };
          const timer = setTimeout(() => {
            const index = waiting.indexOf(entry);
            if (index === -1) return; // handed its turn already: it starts on the next turn
            waiting.splice(index, 1);
            reject(new GateBusyError());
          }, timeoutMs);
          waiting.push(entry);
        });
      } else {
        running += 1;
      }
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}

export const BUSY_MESSAGE = "The server is busy with other readers' requests. Try again in a moment.";

export interface RequestBudgetOptions {
  maxResponseBytes: number;
  /** Reader requests that may run at once (0 = any number), and how long one may wait for its turn. */
  maxConcurrent?: number;
  queueTimeoutMs?: number;
  /** Paths whose answers are reader answers: the REST prefix (`/api`) and the GraphQL endpoint. */
  restPrefix: string;
  graphqlEndpoint: string | null;
  onDeadline?: (path: string) => void;
}

/** A GraphQL answer with one error in the plugin's shape (`extensions.error` as Strapi's errors have it). */
export const graphqlError = (code: string, name: string, message: string, details: Record<string, unknown>) => ({
  errors: [{ message, extensions: { code, error: { name, message, details } } }],
});

/**
 * `global::request-budget` (config/middlewares.ts, inside `strapi::errors`):
 * - a statement PostgreSQL stopped at its deadline (src/database/statement-deadline.ts) answers
 *   `503 ServiceUnavailableError` instead of a 500 that carries the SQL (GraphQL: src/graphql/strapi-errors.ts);
 * - a reader answer larger than READER_MAX_RESPONSE_BYTES answers `400 ValidationError` saying how to ask
 *   for less: a front-end learns its query is too broad instead of a reader waiting for megabytes;
 * - at most READER_MAX_CONCURRENT reader requests run at once, the others wait their turn (503 after
 *   READER_QUEUE_TIMEOUT_MS). On SQLite every query runs on the event loop, so requests running side by
 *   side only take turns blocking it: `/_health` (outside the gate) then waits for one of them, not six.
 */
export function requestBudget(options: RequestBudgetOptions) {
  const gate = concurrencyGate(options.maxConcurrent ?? 0, options.queueTimeoutMs ?? 10_000);
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    const isGraphql = isRoute(ctx.path, options.graphqlEndpoint);
    const isReader = isGraphql || isUnderRoute(ctx.path, options.restPrefix);
    try {
      await (isReader ? gate.run(next) : next());
    } catch (error) {
      if (error instanceof GateBusyError) {
        ctx.status = 503;
        ctx.body = isGraphql
          ? graphqlError('SERVICE_UNAVAILABLE', 'ServiceUnavailableError', BUSY_MESSAGE, {})
          : strapiErrorBody(503, BUSY_MESSAGE, 'ServiceUnavailableError');
        ctx.set('Retry-After', '1');
        return;
      }
      if (!isStatementDeadline(error)) throw error;
      options.onDeadline?.(ctx.path);
      ctx.status = 503;
      ctx.body = isGraphql
        ? graphqlError('SERVICE_UNAVAILABLE', 'ServiceUnavailableError', DEADLINE_MESSAGE, {})
        : strapiErrorBody(503, DEADLINE_MESSAGE, 'ServiceUnavailableError');
      return;
    }
    if (!isReader || ctx.status < 200 || ctx.status > 299) return;
    const serialised = serialisedBody(ctx.body);
    if (!serialised) return;
    if (serialised.bytes > options.maxResponseBytes) {
      const message = tooLargeMessage(options.maxResponseBytes);
      const details = { maxBytes: options.maxResponseBytes };
      // Status first: Koa keeps a status set before the body.
      ctx.status = 400;
      ctx.body = isGraphql
        ? graphqlError('BAD_USER_INPUT', 'ValidationError', message, details)
        : { data: null, error: { status: 400, name: 'ValidationError', message, details } };
      ctx.set('Cache-Control', 'no-store');
      ctx.remove('ETag');
      return;
    }
    // Sent as serialised here (Content-Type stays JSON), so the body is not stringified a second time.
    if (typeof ctx.body !== 'string') ctx.body = serialised.text;
  };
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const graphql = strapi.plugin('graphql');
  const budgets = readRequestBudgets(process.env);
  return requestBudget({
    maxResponseBytes: budgets.readerMaxResponseBytes,
    maxConcurrent: budgets.readerMaxConcurrent,
    queueTimeoutMs: budgets.readerQueueTimeoutMs,
    restPrefix: String(strapi.config.get('api.rest.prefix', '/api')),
    graphqlEndpoint: graphql ? String(graphql.config('endpoint')) : null,
    onDeadline: (path) => strapi.log.warn(`A statement of ${path} ran into the database deadline (DATABASE_STATEMENT_TIMEOUT_MS) and was stopped`),
  });
};
