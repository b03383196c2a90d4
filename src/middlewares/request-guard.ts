import type { Core } from '@strapi/strapi';
import { containsNul, jsonDepth } from '../http/request-params';
import { strapiErrorBody } from './client-errors';
import { isRoute } from './route-path';

/**
 * How deeply a request body may nest. Article bodies (blocks with nested lists) stay far below;
 * Strapi's validators recurse without a bound, so a body nested thousands deep ended in a stack
 * overflow and a 500 (yup formatting the error message of `/api/auth/local`, `/admin/login`).
 */
export const MAX_BODY_DEPTH = 64;

/** The body types Strapi's body parser reads; a body of another type reached handlers as `undefined` (a TypeError, 500, in users-permissions). */
export const PARSED_BODY_TYPES = ['json', 'urlencoded', 'text/*', 'multipart'];

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** `%00` in a path or query string (percent-encoding is case-insensitive). */
const ENCODED_NUL = /%00/i;

type Ctx = {
  method: string;
  path: string;
  querystring: string;
  status: number;
  body: unknown;
  request: { body?: unknown };
  is: (types: string[]) => string | false | null;
  get: (field: string) => string;
};

/**
 * True when the request carries body bytes. An empty POST (`fetch(url, { method: 'POST' })` sends
 * `Content-Length: 0` and no type) has none, although Koa's `ctx.is()` treats it as a body of no type.
 */
function hasContent(ctx: Ctx): boolean {
  if (ctx.get('transfer-encoding')) return true;
  const length = Number(ctx.get('content-length'));
  return Number.isFinite(length) && length > 0;
}

function refuse(ctx: Ctx, status: number, message: string, name?: string) {
  ctx.status = status;
  ctx.body = strapiErrorBody(status, message, name);
}

/**
 * `global::request-guard`, right after `strapi::body`: 415 for a body Strapi cannot read, 400 for one
 * nested deeper than MAX_BODY_DEPTH, 400 for a NUL character in the path, the query or the body
 * (a 500 from PostgreSQL otherwise). The GraphQL endpoint parses and checks its own requests
 * (src/graphql/limits.ts).
 */
export function requestGuard(graphqlEndpoint: string | null) {
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    if (isRoute(ctx.path, graphqlEndpoint)) return next();
    if (ENCODED_NUL.test(ctx.path) || ENCODED_NUL.test(ctx.querystring)) {
      return refuse(ctx, 400, 'The path or query contains a NUL character (%00)', 'ValidationError');
    }
    if (!hasContent(ctx)) {
      // An empty POST/PUT reads as an empty object, as an empty JSON body would: handlers that destructure
      // the body (users-permissions' login) then answer 400 instead of failing with a TypeError (500).
      if (ctx.request.body === undefined && WRITE_METHODS.has(ctx.method)) ctx.request.body = {};
    } else if (ctx.is(PARSED_BODY_TYPES) === false) {
      return refuse(ctx, 415, `Unsupported body type: send ${PARSED_BODY_TYPES.join(', ')}`);
    }
    if (jsonDepth(ctx.request.body, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) {
      return refuse(ctx, 400, `The request body is nested more than ${MAX_BODY_DEPTH} levels deep`, 'ValidationError');
    }
    if (containsNul(ctx.request.body)) {
      return refuse(ctx, 400, 'The request body contains a NUL character (\\u0000)', 'ValidationError');
    }
    return next();
  };
}

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const graphql = strapi.plugin('graphql');
  return requestGuard(graphql ? String(graphql.config('endpoint')) : null);
};
