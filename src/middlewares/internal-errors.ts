/**
 * Unexpected errors answer without internals. A client sees `500 Internal Server Error` with a correlation
 * id; the request's log line (src/middlewares/request-log.ts) holds the same id with the real error (SQL,
 * stack…). Strapi's own client errors (ApplicationError, exposed http-errors 4xx) pass through as they are; an
 * http-errors 5xx (`ctx.throw(500, sql)`) is masked too.
 */
import crypto from 'crypto';
import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';

/** What the log line of a request that failed unexpectedly carries. */
export interface InternalErrorRecord {
  correlationId: string;
  error: { name: string; message: string; stack?: string };
}

/** Where the record waits for the request's log line. */
export type StateWithInternalError = { internalError?: InternalErrorRecord };

/** True for errors made to be shown to a client: Strapi's error classes and exposed 4xx (http-errors, `ctx.throw(400, …)`). */
export function isClientFacingError(error: unknown): boolean {
  if (error instanceof errors.ApplicationError) return true;
  if (!error || typeof error !== 'object') return false;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  // As http-errors (and Strapi's formatInternalError) have it: a 4xx is exposed unless marked otherwise.
  return typeof status === 'number' && status >= 400 && status <= 499 && expose !== false;
}

/**
 * The correlation id of a request's unexpected errors: the first one is kept in `state` for the request's log
 * line; later ones of the same request (several GraphQL fields) answer with the same id. Null without a request.
 */
export function recordInternalError(state: StateWithInternalError | undefined, error: unknown): string | null {
  if (!state) return null;
  if (state.internalError) return state.internalError.correlationId;
  const details = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: typeof error, message: String(error) };
  state.internalError = { correlationId: crypto.randomUUID(), error: details };
  return state.internalError.correlationId;
}

export const INTERNAL_ERROR_MESSAGE = 'Internal Server Error';

export function internalErrorBody(correlationId: string) {
  return { data: null, error: { status: 500, name: 'InternalServerError', message: INTERNAL_ERROR_MESSAGE, details: { correlationId } } };
}

type Ctx = { status: number; body: unknown; state: StateWithInternalError };

/**
 * `global::internal-errors` (config/middlewares.ts, right inside `strapi::errors`): an error that no client
 * is meant to read becomes a 500 with a correlation id; the rest goes on to `strapi::errors`.
 */
export function internalErrors() {
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    try {
      await next();
    } catch (error) {
      if (isClientFacingError(error)) throw error;
      ctx.state ??= {};
      const correlationId = recordInternalError(ctx.state, error) ?? '';
      ctx.status = 500;
      ctx.body = internalErrorBody(correlationId);
    }
  };
}

export default (_config: unknown, _deps: { strapi: Core.Strapi }) => internalErrors();
