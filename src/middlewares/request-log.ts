import type { Core } from '@strapi/strapi';
import type { InternalErrorRecord, StateWithInternalError } from './internal-errors';
import { logFormat } from '../settings/logging';

/** The fields of one request log line (with the JSON log format, each is a field of the JSON object). */
export interface RequestLogFields {
  method: string;
  path: string;
  status: number;
  /** Milliseconds from the request reaching Strapi to its response being ready. */
  duration: number;
}

/** The line of a request that failed unexpectedly: also the correlation id its answer showed, and the real error. */
export type FailedRequestLogFields = RequestLogFields & InternalErrorRecord;

type Ctx = { method: string; path: string; status: number; state?: StateWithInternalError };
type Log = { http: (message: string, meta?: object) => void; error: (message: string, meta?: object) => void };

/** `GET /api/articles 200 (4 ms)`: the human-readable line; the query string is left out (it may carry secrets). */
export const requestLogMessage = ({ method, path, status, duration }: RequestLogFields) => `${method} ${path} ${status} (${duration} ms)`;

/** Load-balancer probes: logged only when they fail, so that they do not drown the requests. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/_health', '/_ready']);

/**
 * Logs one `http` line per request with method, path, status and duration as fields, also when a
 * handler throws; successful `/_health` and `/_ready` probes are not logged. A request that failed
 * unexpectedly (src/middlewares/internal-errors.ts) gets an `error` line with its correlation id and the error.
 */
export function requestLogger(log: Log, now: () => number = () => performance.now(), { stackInMessage = false } = {}) {
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    const started = now();
    try {
      await next();
    } finally {
      const fields: RequestLogFields = {
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        duration: Math.round(now() - started),
      };
      const failure = ctx.state?.internalError;
      if (failure) {
        const failed: FailedRequestLogFields = { ...fields, ...failure };
        const stack = stackInMessage && failure.error.stack ? `\n${failure.error.stack}` : '';
        log.error(`${requestLogMessage(fields)} [${failure.correlationId}] ${failure.error.name}: ${failure.error.message}${stack}`, failed);
      } else if (!(PROBE_PATHS.has(fields.path) && fields.status < 400)) log.http(requestLogMessage(fields), fields);
    }
  };
}

/**
 * `global::request-log` (config/middlewares.ts), in place of `strapi::logger`, whose line is one string
 * with the full URL: log shippers get the request as fields, and preview secrets in query strings stay out of logs.
 */
// Pretty logs print the message only: there the stack goes into it (JSON lines carry it as `error.stack`).
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => requestLogger(strapi.log, undefined, { stackInMessage: logFormat() !== 'json' });
