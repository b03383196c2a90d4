import type { Core } from '@strapi/strapi';
import { isRoute } from './route-path';

/** Strapi's error body: `{ data: null, error: { status, name, message, details } }`. */
export interface StrapiErrorBody {
  data: null;
  error: { status: number; name: string; message: string; details: Record<string, unknown> };
}

/** The name of a client error status in Strapi's style (`413` → `PayloadTooLargeError`). */
const CLIENT_ERROR_NAMES: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  405: 'MethodNotAllowedError',
  406: 'NotAcceptableError',
  408: 'RequestTimeoutError',
  411: 'LengthRequiredError',
  413: 'PayloadTooLargeError',
  414: 'URITooLongError',
  415: 'UnsupportedMediaTypeError',
  422: 'UnprocessableEntityError',
  429: 'RateLimitError',
  431: 'RequestHeaderFieldsTooLargeError',
};
const CLIENT_ERROR_MESSAGES: Record<number, string> = {
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
};

export const clientErrorName = (status: number) => CLIENT_ERROR_NAMES[status] ?? 'BadRequestError';

export function strapiErrorBody(status: number, message: string, name = clientErrorName(status)): StrapiErrorBody {
  return { data: null, error: { status, name, message, details: {} } };
}

/**
 * A client error thrown below Strapi's error handler by a parser rather than by Strapi: malformed
 * JSON (co-body's `SyntaxError`), a body over the limit (raw-body's 413), a path that is not valid
 * percent-encoded UTF-8 (`failed to decode`), `%00` (`Malicious Path`). They carry an http-errors
 * style `status` (and sometimes `expose`).
 */
export function asClientError(error: unknown): { status: number; message: string } | null {
  if (!error || typeof error !== 'object') return null;
  const { status, expose, message } = error as { status?: unknown; expose?: unknown; message?: unknown };
  // As http-errors has it: a 4xx is exposed unless marked otherwise (co-body's JSON SyntaxError only sets `status`).
  if (typeof status !== 'number' || status < 400 || status > 499 || expose === false) return null;
  return { status, message: typeof message === 'string' && message ? message : (CLIENT_ERROR_MESSAGES[status] ?? clientErrorName(status)) };
}

/** True when `body` already is Strapi's error body. */
export function isStrapiErrorBody(body: unknown): body is StrapiErrorBody {
  const error = (body as { error?: unknown } | null)?.error as Record<string, unknown> | undefined;
  return (
    !!error && typeof error === 'object' && (body as { data?: unknown }).data === null && typeof error.status === 'number' && typeof error.name === 'string'
  );
}

/** A GraphQL error response for a request that never reached Apollo (its body could not be parsed, or was too large). */
export function graphqlErrorBody(status: number, message: string) {
  return { errors: [{ message, extensions: { code: 'BAD_REQUEST', error: { name: clientErrorName(status), message, details: {} } } }] };
}

type Ctx = { path: string; status: number; body: unknown; method: string };

/**
 * `global::client-errors` (config/middlewares.ts, right inside `strapi::errors`): every 4xx answer
 * in Strapi's error format. Strapi formats its own errors, but not those of the parsers in front of
 * it: they reached `strapi::errors` as unknown errors (logged as server errors, body without
 * `details`), and a 405 from the router had no body at all. Answers of the GraphQL endpoint keep
 * GraphQL's `{ errors }` format.
 */
export function clientErrors(graphqlEndpoint: string | null) {
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    const isGraphql = isRoute(ctx.path, graphqlEndpoint);
    try {
      await next();
    } catch (error) {
      const clientError = asClientError(error);
      if (!clientError) throw error;
      ctx.status = clientError.status;
      ctx.body = isGraphql ? graphqlErrorBody(clientError.status, clientError.message) : strapiErrorBody(clientError.status, clientError.message);
      return;
    }
    if (isGraphql || ctx.status < 400 || ctx.status > 499) return;
    if (isStrapiErrorBody(ctx.body)) {
      ctx.body.error.details ??= {};
    } else if (ctx.body === undefined || ctx.body === null || ctx.body === '' || typeof ctx.body === 'string') {
      const status = ctx.status;
      const message = typeof ctx.body === 'string' && ctx.body ? ctx.body : (CLIENT_ERROR_MESSAGES[status] ?? clientErrorName(status));
      // Status first: Koa turns a body set on a status nobody set explicitly (the 404 of an empty answer) into a 200.
      ctx.status = status;
      ctx.body = strapiErrorBody(status, message);
    }
  };
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const graphql = strapi.plugin('graphql');
  return clientErrors(graphql ? String(graphql.config('endpoint')) : null);
};
