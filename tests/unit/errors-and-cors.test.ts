/**
 * The pure parts of issue 11 items 4, 5, 7, 8: which errors a client may read and how the others are masked
 * (REST and GraphQL), the CORS settings and the grant per origin and path, the rate limit put on
 * /admin/reset-password, and the tracking of work Strapi starts after a commit.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { errors } from '@strapi/utils';
import { readCorsSettings } from '../../src/settings/cors';
import { SettingsError } from '../../src/settings';
import { corsGrant, type CorsOptions } from '../../src/middlewares/cors';
import { internalErrors, isClientFacingError, type StateWithInternalError } from '../../src/middlewares/internal-errors';
import { formatGraphqlError, strapiErrorCode } from '../../src/graphql/internal-errors';
import { rateLimitAdminRoutes } from '../../src/bootstrap/admin-rate-limits';
import { trackCommitCallback } from '../../src/operations/settle';
import { requestLogger } from '../../src/middlewares/request-log';
import { env } from '../harness/env';

const SQL_ERROR = Object.assign(new Error('select "t0".* from "sections" as "t0" - relation "sections" does not exist'), { code: '42P01' });

describe('which errors a client may read', () => {
  test.each([
    ['a ValidationError', new errors.ValidationError('bad'), true],
    ['a NotFoundError', new errors.NotFoundError('gone'), true],
    ['a RateLimitError', new errors.RateLimitError(), true],
    ["koa's ctx.throw(400)", Object.assign(new Error('Bad'), { status: 400, expose: true }), true],
    ['a 4xx marked not to expose', Object.assign(new Error('secret'), { status: 400, expose: false }), false],
    ["koa's ctx.throw(500, sql)", Object.assign(new Error('select 1'), { status: 500, expose: false }), false],
    ['a database error', SQL_ERROR, false],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'id')"), false],
    ['a string', 'boom', false],
  ])('%s: %s', (_name, error, expected) => {
    expect(isClientFacingError(error)).toBe(expected);
  });
});

describe('REST: global::internal-errors', () => {
  const run = async (error: unknown) => {
    const ctx = { status: 404, body: undefined as unknown, state: {} as StateWithInternalError };
    let thrown: unknown = null;
    await internalErrors()(ctx, async () => {
      throw error;
    }).catch((e: unknown) => (thrown = e));
    return { ctx, thrown };
  };

  test('an unexpected error: 500 with a correlation id, the real error kept for the log line', async () => {
    const { ctx, thrown } = await run(SQL_ERROR);
    expect(thrown).toBeNull();
    expect(ctx.status).toBe(500);
    const correlationId = ctx.state.internalError?.correlationId;
    expect(ctx.body).toEqual({ data: null, error: { status: 500, name: 'InternalServerError', message: 'Internal Server Error', details: { correlationId } } });
    expect(JSON.stringify(ctx.body)).not.toMatch(/sections|select/);
    expect(ctx.state.internalError?.error).toMatchObject({ name: 'Error', message: SQL_ERROR.message, stack: expect.stringContaining('errors-and-cors.test') });
  });

  test("Strapi's client errors go on to strapi::errors untouched", async () => {
    const error = new errors.ValidationError('Invalid key');
    const { ctx, thrown } = await run(error);
    expect(thrown).toBe(error);
    expect(ctx.state.internalError).toBeUndefined();
  });
});

test("the request's log line: level error, the correlation id, the real error; the stack in the message for pretty logs", async () => {
  const failOnce = async (stackInMessage: boolean) => {
    const lines: { level: string; message: string; meta?: object }[] = [];
    const log = {
      http: (message: string, meta?: object) => void lines.push({ level: 'http', message, meta }),
      error: (message: string, meta?: object) => void lines.push({ level: 'error', message, meta }),
    };
    const ctx = { method: 'GET', path: '/api/sections', status: 404, body: undefined as unknown, state: {} as StateWithInternalError };
    await requestLogger(log, () => 0, { stackInMessage })(ctx, () => internalErrors()(ctx, async () => Promise.reject(SQL_ERROR)));
    return { lines, correlationId: ctx.state.internalError?.correlationId };
  };
  const json = await failOnce(false);
  expect(json.lines).toEqual([
    {
      level: 'error',
      message: `GET /api/sections 500 (0 ms) [${json.correlationId}] Error: ${SQL_ERROR.message}`,
      meta: {
        method: 'GET',
        path: '/api/sections',
        status: 500,
        duration: 0,
        correlationId: json.correlationId,
        error: { name: 'Error', message: SQL_ERROR.message, stack: SQL_ERROR.stack },
      },
    },
  ]);
  const pretty = await failOnce(true);
  expect(pretty.lines[0].message).toContain(`[${pretty.correlationId}]`);
  expect(pretty.lines[0].message).toContain(String(SQL_ERROR.stack));
});

describe('GraphQL: formatError', () => {
  const state: StateWithInternalError = {};
  const logged: string[] = [];
  const format = formatGraphqlError(
    () => state,
    (message) => logged.push(message),
  );
  const resolverError = (original: Error) => new GraphQLError(original.message, { path: ['sections'], originalError: original });
  const apolloFormatted = (message: string, code = 'INTERNAL_SERVER_ERROR'): GraphQLFormattedError => ({
    message,
    path: ['sections'],
    extensions: { code, stacktrace: ['Error: x', '    at /work/app/node_modules/knex/lib/runner.js:1:1'] },
  });

  test('a database error in a resolver: Internal Server Error and the request correlation id, no SQL, no stack', () => {
    const first = format(apolloFormatted(SQL_ERROR.message), resolverError(SQL_ERROR));
    const second = format(apolloFormatted('other'), resolverError(new TypeError('x is undefined')));
    const correlationId = state.internalError?.correlationId;
    expect(first).toEqual({
      message: 'Internal Server Error',
      path: ['sections'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', error: { name: 'InternalServerError', message: 'Internal Server Error', details: { correlationId } } },
    });
    expect(second.extensions?.error).toEqual(first.extensions?.error);
    expect(state.internalError?.error.message).toBe(SQL_ERROR.message);
    expect(logged).toEqual([]);
  });

  test("Strapi's client errors keep the plugin's codes, without Apollo's stack trace", () => {
    const validation = format(apolloFormatted('Invalid key', 'INTERNAL_SERVER_ERROR'), resolverError(new errors.ValidationError('Invalid key', { key: 'x' })));
    expect(validation).toEqual({
      message: 'Invalid key',
      path: ['sections'],
      extensions: { code: 'BAD_USER_INPUT', error: { name: 'ValidationError', message: 'Invalid key', details: { key: 'x' } } },
    });
    expect(format(apolloFormatted('Forbidden'), resolverError(new errors.ForbiddenError('Forbidden'))).extensions?.code).toBe('FORBIDDEN');
    expect(format(apolloFormatted('Not Found'), resolverError(new errors.NotFoundError('Not Found'))).extensions?.code).toBe('STRAPI_NOT_FOUND_ERROR');
    expect(strapiErrorCode('PayloadTooLargeError')).toBe('STRAPI_PAYLOAD_TOO_LARGE_ERROR');
  });

  test("GraphQL's own errors pass; what Apollo wrapped as INTERNAL_SERVER_ERROR outside resolvers is masked", () => {
    const parse = new GraphQLError('Syntax Error: Expected Name, found <EOF>.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(format({ message: parse.message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, parse)).toEqual({
      message: parse.message,
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
    const wrapped = new GraphQLError(SQL_ERROR.message, { originalError: SQL_ERROR, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(format({ message: SQL_ERROR.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped).message).toBe('Internal Server Error');
  });

  test('outside a request the error is logged with its correlation id', () => {
    const lonely = formatGraphqlError(
      () => undefined,
      (message) => logged.push(message),
    );
    const answer = lonely(apolloFormatted('x'), resolverError(SQL_ERROR));
    const { correlationId } = (answer.extensions?.error as { details: { correlationId: string } }).details;
    expect(logged).toEqual([expect.stringContaining(correlationId)]);
    expect(logged[0]).toContain('relation "sections" does not exist');
  });
});

describe('CORS settings', () => {
  test('default: any origin may read the reader API, without credentials; the admin API: nobody', () => {
    expect(readCorsSettings(env({}))).toEqual({ anyReaderOrigin: true, readerOrigins: [], adminOrigins: [] });
    expect(readCorsSettings(env({ NODE_ENV: 'production' }))).toEqual({ anyReaderOrigin: true, readerOrigins: [], adminOrigins: [] });
  });

  test('origins are normalised as browsers send them; an empty CORS_ORIGINS allows nobody', () => {
    expect(
      readCorsSettings(env({ CORS_ORIGINS: ' https://WWW.Example.com/ , *, http://localhost:3000', ADMIN_CORS_ORIGINS: 'https://cms.example.com' })),
    ).toEqual({
      anyReaderOrigin: true,
      readerOrigins: ['https://www.example.com', 'http://localhost:3000'],
      adminOrigins: ['https://cms.example.com'],
    });
    expect(readCorsSettings(env({ CORS_ORIGINS: '' }))).toEqual({ anyReaderOrigin: false, readerOrigins: [], adminOrigins: [] });
  });

  test.each([
    ['CORS_ORIGINS', 'null'],
    ['CORS_ORIGINS', 'https://example.com/path'],
    ['CORS_ORIGINS', 'example.com'],
    ['CORS_ORIGINS', 'file:///tmp'],
    ['CORS_ORIGINS', '*.example.com'],
    ['ADMIN_CORS_ORIGINS', '*'],
    ['ADMIN_CORS_ORIGINS', 'https://user:pw@cms.example.com'],
  ])('%s=%s stops start-up, naming the variable', (variable, value) => {
    expect(() => readCorsSettings(env({ [variable]: value }))).toThrow(SettingsError);
    expect(() => readCorsSettings(env({ [variable]: value }))).toThrow(new RegExp(`^${variable} takes`));
  });
});

describe('CORS grant', () => {
  const options: CorsOptions = {
    anyReaderOrigin: true,
    readerOrigins: ['https://www.example.com'],
    adminOrigins: ['https://cms.example.com'],
    readerPrefixes: ['/api', '/graphql', '/uploads'],
    allowHeaders: [],
    exposeHeaders: [],
  };
  test.each([
    ['/api/articles', 'https://www.example.com', { allowOrigin: 'https://www.example.com', credentials: true }],
    ['/api/articles', 'https://evil.example.net', { allowOrigin: '*', credentials: false }],
    ['/graphql', 'https://cms.example.com', { allowOrigin: '*', credentials: false }],
    ['/api/articles', 'null', null],
    ['/api/articles', undefined, null],
    ['/api/articles', 'https://www.example.com/', null],
    ['/apifoo', 'https://www.example.com', null],
    ['/admin/access-token', 'https://www.example.com', null],
    ['/admin/access-token', 'https://evil.example.net', null],
    ['/admin/access-token', 'https://cms.example.com', { allowOrigin: 'https://cms.example.com', credentials: true }],
    ['/content-manager/init', 'https://cms.example.com', { allowOrigin: 'https://cms.example.com', credentials: true }],
  ])('%s from %s', (path, origin, expected) => {
    expect(corsGrant(options, path, origin)).toEqual(expected);
  });

  test('without `*`, an unlisted origin gets nothing on the reader API either', () => {
    expect(corsGrant({ ...options, anyReaderOrigin: false }, '/api/articles', 'https://evil.example.net')).toBeNull();
  });
});

test('POST /admin/reset-password gets the admin rate limiter, once', () => {
  const routes = [
    { method: 'POST', path: '/login', config: { auth: false, middlewares: ['admin::rateLimit'] } },
    { method: 'POST', path: '/reset-password', config: { auth: false } },
  ];
  const strapi = { admin: { routes: { admin: { type: 'admin', routes } } } } as never;
  expect(rateLimitAdminRoutes(strapi)).toEqual(['POST /admin/reset-password']);
  expect(rateLimitAdminRoutes(strapi)).toEqual(['POST /admin/reset-password']);
  expect(routes[1].config).toEqual({ auth: false, middlewares: ['admin::rateLimit'] });
});

test('work after a commit is tracked until it settles; its failure is logged, not an unhandled rejection', async () => {
  const tracked = new Set<Promise<unknown>>();
  const logged: string[] = [];
  let finish: () => void = () => undefined;
  trackCommitCallback(tracked, () => new Promise<void>((resolve) => (finish = resolve)), { error: (message) => logged.push(message) });
  trackCommitCallback(tracked, () => Promise.reject(new Error('aborted')), { error: (message) => logged.push(message) });
  expect(tracked.size).toBe(2);
  await new Promise((resolve) => setImmediate(resolve));
  expect(tracked.size).toBe(1);
  expect(logged).toEqual([expect.stringContaining('Error: aborted')]);
  finish();
  await new Promise((resolve) => setImmediate(resolve));
  expect(tracked.size).toBe(0);
});
