/**
 * The pure parts of the request limits: strict query parameters, body depth, rate-limit and GraphQL
 * limit settings, the GraphQL cost of an operation and the shaping of client errors.
 */
import { buildSchema, parse } from 'graphql';
import { containsNul, jsonDepth, paginationProblem, scalarParamProblem, unknownQueryKey, MAX_PAGE } from '../../src/http/request-params';
import { ADMIN_RATE_LIMIT_DEFAULTS, AUTH_RATE_LIMIT_DEFAULTS, GRAPHQL_LIMIT_DEFAULTS, readGraphqlLimits, readRateLimit } from '../../src/settings/limits';
import { SettingsError } from '../../src/settings';
import {
  DATABASE_READ_COST,
  JSON_FIELD_COST,
  MORE_FROM_COST,
  RELATION_READ_COST,
  ROOT_FIELD_COSTS,
  operationComplexity,
  rootFieldCount,
} from '../../src/graphql/cost';
import { checkOperationInput, operationLimitsPlugin, type OperationLimits } from '../../src/graphql/limits';
import { withStrapiErrorName } from '../../src/graphql/strapi-errors';
import { asClientError, clientErrors, isStrapiErrorBody } from '../../src/middlewares/client-errors';
import { requestGuard, MAX_BODY_DEPTH } from '../../src/middlewares/request-guard';
import { env } from '../harness/env';

describe('unknownQueryKey', () => {
  it('names the first key a route does not take, as Strapi does', () => {
    expect(unknownQueryKey({ limit: '3', lmit: '4' }, ['limit', 'exclude'])).toEqual({
      message: 'Invalid key lmit',
      details: { key: 'lmit', path: null, source: 'query', param: 'lmit' },
    });
    expect(unknownQueryKey({ limit: '3', exclude: 'x' }, ['limit', 'exclude'])).toBeNull();
    expect(unknownQueryKey({}, [])).toBeNull();
  });
});

describe('paginationProblem', () => {
  it.each([
    [{ pagination: { page: '1', pageSize: '100' } }],
    [{ pagination: { start: '0', limit: '1', withCount: 'false' } }],
    [{ pagination: { page: String(MAX_PAGE) } }],
    [{ page: '2', pageSize: '10' }],
    [{}],
  ])('accepts %j', (query) => {
    expect(paginationProblem(query, 100)).toBeNull();
  });

  it.each([
    [{ pagination: { pageSize: '-1' } }, /pageSize\] must be an integer from 1 to 100/],
    [{ pagination: { pageSize: '0' } }, /from 1 to 100/],
    [{ pagination: { pageSize: '101' } }, /from 1 to 100/],
    [{ pagination: { pageSize: '1e9' } }, /"1e9"/],
    [{ pagination: { pageSize: 'abc' } }, /"abc"/],
    [{ pagination: { pageSize: ['5'] } }, /\["5"\]/],
    [{ pagination: { page: '0' } }, /page\] must be an integer from 1/],
    [{ pagination: { page: String(MAX_PAGE + 1) } }, /page/],
    [{ pagination: { page: '99999999999999999' } }, /page/],
    [{ pagination: { limit: '-1' } }, /limit/],
    [{ pagination: { start: '-1' } }, /start/],
    [{ pagination: { page: '2', limit: '5' } }, /cannot be mixed/],
    [{ pagination: { foo: '1' } }, /Invalid key foo at pagination/],
    [{ pagination: '5' }, /pagination must be an object/],
    [{ pagination: { withCount: 'maybe' } }, /withCount\] must be true or false/],
    [{ pageSize: '1e9' }, /^pageSize must be/],
    [{ limit: { $gt: '1' } }, /^limit must be/],
  ])('refuses %j', (query, message) => {
    const problem = paginationProblem(query, 100);
    expect(problem?.message).toMatch(message);
    expect(problem?.details.source).toBe('query');
  });
});

describe('scalarParamProblem', () => {
  it('takes status draft or published and single-string locale', () => {
    expect(scalarParamProblem({ status: 'draft', locale: 'en' })).toBeNull();
    expect(scalarParamProblem({ status: 'published' })).toBeNull();
    expect(scalarParamProblem({ status: 'bogus' })?.message).toMatch(/status must be draft or published/);
    expect(scalarParamProblem({ status: ['draft'] })?.details.key).toBe('status');
    expect(scalarParamProblem({ locale: { $ne: 'x' } })?.details.key).toBe('locale');
  });
});

describe('jsonDepth', () => {
  it('counts nesting without recursion, also far beyond the stack', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth(null)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: [] }] })).toBe(4);
    let deep: unknown = [];
    for (let i = 0; i < 100000; i += 1) deep = [deep];
    expect(jsonDepth(deep)).toBe(100001);
    expect(jsonDepth(deep, 10)).toBe(11);
  });
});

describe('containsNul', () => {
  it('finds U+0000 in any string or key, however deep', () => {
    expect(containsNul('a\u0000')).toBe(true);
    expect(containsNul({ a: [{ b: 'x\u0000y' }] })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
    expect(containsNul({ a: ['\\u0000', 0, null, '%00'] })).toBe(false);
    expect(containsNul(undefined)).toBe(false);
  });
});

describe('rate-limit and GraphQL limit settings', () => {
  it("default to users-permissions' and the admin's own limits", () => {
    expect(readRateLimit(env({}), 'AUTH', AUTH_RATE_LIMIT_DEFAULTS)).toEqual({ enabled: true, max: 10, interval: 60000 });
    expect(readRateLimit(env({}), 'ADMIN', ADMIN_RATE_LIMIT_DEFAULTS)).toEqual({ enabled: true, max: 5, interval: 300000 });
    expect(readGraphqlLimits(env({}))).toEqual(GRAPHQL_LIMIT_DEFAULTS);
  });

  it('read the variables; 0 attempts switches a limit off', () => {
    expect(readRateLimit(env({ ADMIN_RATE_LIMIT_MAX: '20', ADMIN_RATE_LIMIT_WINDOW_SECONDS: ' 60 ' }), 'ADMIN', ADMIN_RATE_LIMIT_DEFAULTS)).toEqual({
      enabled: true,
      max: 20,
      interval: 60000,
    });
    expect(readRateLimit(env({ AUTH_RATE_LIMIT_MAX: '0' }), 'AUTH', AUTH_RATE_LIMIT_DEFAULTS).enabled).toBe(false);
    expect(readGraphqlLimits(env({ GRAPHQL_MAX_COMPLEXITY: '500', GRAPHQL_DEPTH_LIMIT: '5', GRAPHQL_MAX_SELECTIONS: '50' }))).toEqual({
      maxComplexity: 500,
      depthLimit: 5,
      maxSelections: 50,
      maxRootFields: 20,
    });
  });

  it.each([
    ['AUTH_RATE_LIMIT_MAX', '-1'],
    ['AUTH_RATE_LIMIT_MAX', 'ten'],
    ['AUTH_RATE_LIMIT_WINDOW_SECONDS', '0'],
    ['GRAPHQL_MAX_COMPLEXITY', '1e4'],
    ['GRAPHQL_DEPTH_LIMIT', '0'],
    ['GRAPHQL_MAX_ROOT_FIELDS', '0'],
  ])('stop start-up on %s=%s, naming the variable', (name, value) => {
    const read = () =>
      name.startsWith('AUTH') ? readRateLimit(env({ [name]: value }), 'AUTH', AUTH_RATE_LIMIT_DEFAULTS) : readGraphqlLimits(env({ [name]: value }));
    expect(read).toThrow(SettingsError);
    expect(read).toThrow(name);
  });
});

describe('GraphQL cost', () => {
  // The shape of Strapi's generated schema, reduced to what the estimator looks at.
  const schema = buildSchema(`
    input PaginationArg { page: Int pageSize: Int start: Int limit: Int }
    input StringFilter { eq: String contains: String }
    input SectionFilters { slug: StringFilter name: StringFilter documentId: StringFilter }
    type Section { name: String slug: String articles(pagination: PaginationArg): [Article] moreFrom(limit: Int, exclude: String): MoreFrom }
    type Article { documentId: ID title: String section: Section moreFrom(limit: Int): MoreFrom }
    type MoreFromItem { slug: String headline: String }
    type MoreFrom { title: String items: [MoreFromItem] }
    type Query { articles(pagination: PaginationArg): [Article] sections(pagination: PaginationArg, filters: SectionFilters): [Section] articleBySlug(slug: String!): Article }
  `);
  const limits: OperationLimits = { maxComplexity: 10000, defaultLimit: 25, maxLimit: 100, moreFromLimit: 5, maxRootFields: 20 };
  const cost = (query: string, variables: Record<string, unknown> = {}) => operationComplexity(schema, parse(query), { variables, limits });

  it('counts a list as its items times its selection, plus a database read', () => {
    expect(cost('{ articles { title } }')).toBe(DATABASE_READ_COST + 25 * 1);
    expect(cost('{ articles(pagination: { limit: 100 }) { title documentId } }')).toBe(DATABASE_READ_COST + 100 * 2);
    expect(cost('{ articles(pagination: { pageSize: 7 }) { title } }')).toBe(DATABASE_READ_COST + 7);
    expect(cost('query ($n: Int) { articles(pagination: { limit: $n }) { title } }', { n: 3 })).toBe(DATABASE_READ_COST + 3);
  });

  it('counts what Strapi will serve: at most maxLimit, and maxLimit for -1', () => {
    expect(cost('{ articles(pagination: { limit: 1000000 }) { title } }')).toBe(DATABASE_READ_COST + 100);
    expect(cost('{ articles(pagination: { limit: -1 }) { title } }')).toBe(DATABASE_READ_COST + 100);
  });

  it('counts a More from list by its limit, within 1 to 20, default NEWS_MORE_FROM_LIMIT', () => {
    const page = (limit: string) => cost(`{ articleBySlug(slug: "x") { title moreFrom${limit} { title items { slug headline } } } }`);
    const perList = 1 + 1 + 2; // title + items + the item's two fields
    // articleBySlug (an article) + title + moreFrom (several reads) × its items.
    expect(page('')).toBe(ROOT_FIELD_COSTS.articleBySlug + 1 + (MORE_FROM_COST + 5 * perList));
    expect(page('(limit: 20)')).toBe(ROOT_FIELD_COSTS.articleBySlug + 1 + (MORE_FROM_COST + 20 * perList));
    expect(page('(limit: 1000000000)')).toBe(page('(limit: 20)'));
  });

  it('counts a list filtered on a slug or documentId as one item', () => {
    const list = '{ title items { slug } }';
    expect(cost(`{ sections(filters: { slug: { eq: "world" } }) { moreFrom(limit: 20) ${list} } }`)).toBe(DATABASE_READ_COST + 1 * (MORE_FROM_COST + 20 * 3));
    expect(cost('query ($id: String) { sections(filters: { documentId: { eq: $id } }) { name } }', { id: 'abc' })).toBe(DATABASE_READ_COST + 1);
    expect(cost('{ sections(filters: { slug: { contains: "w" } }) { name } }')).toBe(DATABASE_READ_COST + 25);
    expect(cost('{ sections(filters: { name: { eq: "World" } }) { name } }')).toBe(DATABASE_READ_COST + 25);
  });

  it('multiplies nested lists, which is what the limit is for', () => {
    const nested = cost('{ articles(pagination: { limit: 100 }) { section { articles(pagination: { limit: 100 }) { title } } } }') as number;
    expect(nested).toBeGreaterThan(limits.maxComplexity);
    expect(cost('{ articles { title section { name } moreFrom(limit: 2) { title items { slug headline } } } }')).toBeLessThan(limits.maxComplexity / 2);
  });

  it('leaves variables that do not fit the operation to GraphQL (BAD_USER_INPUT)', () => {
    expect(cost('query ($n: Int) { articles(pagination: { limit: $n }) { title } }', { n: 'abc' })).toBeNull();
  });

  it('the plugin refuses an operation over the limit with a 400 before it runs', async () => {
    const plugin = operationLimitsPlugin({ ...limits, maxComplexity: 100 });
    const listener = await plugin.requestDidStart();
    const run = (query: string) => listener.didResolveOperation({ request: { variables: {} }, document: parse(query), schema, operationName: null });
    await expect(run('{ articles(pagination: { limit: 5 }) { title } }')).resolves.toBeUndefined();
    const refusal = await run('{ articles(pagination: { limit: 100 }) { title documentId } }').catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      message: expect.stringMatching(/costs 210, at most 100/),
      extensions: {
        code: 'GRAPHQL_VALIDATION_FAILED',
        http: { status: 400 },
        error: { name: 'ValidationError', details: { complexity: 210, maxComplexity: 100 } },
      },
    });
  });
});

describe('GraphQL root fields and aliases', () => {
  const schema = buildSchema(`
    type Article { title: String slug: String }
    type Query { articles: [Article] articleBySlug(slug: String!): Article }
  `);
  const limits: OperationLimits = { maxComplexity: 10000, defaultLimit: 25, maxLimit: 100, moreFromLimit: 5, maxRootFields: 20 };
  const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');
  const page = 'articleBySlug(slug: "x") { title slug }';

  it('counts one root field per response key, fragments expanded, __typename free', () => {
    expect(rootFieldCount(parse(`{ ${aliases(499, page)} }`))).toBe(499);
    expect(rootFieldCount(parse('{ articles { title } __typename }'))).toBe(1);
    // The same response key twice is one field, as GraphQL merges and runs it once.
    expect(rootFieldCount(parse('{ a: articles { title } a: articles { slug } }'))).toBe(1);
    expect(rootFieldCount(parse(`{ ...F ... on Query { b: articles { title } } } fragment F on Query { ${aliases(30, page)} ...F }`))).toBe(31);
    expect(rootFieldCount(parse(`query A { articles { title } } query B { ${aliases(3, page)} }`), 'B')).toBe(3);
  });

  it('prices every alias of a page at what a page costs', () => {
    const one = operationComplexity(schema, parse(`{ ${page} }`), { limits }) as number;
    expect(one).toBe(ROOT_FIELD_COSTS.articleBySlug + 2);
    expect(operationComplexity(schema, parse(`{ ${aliases(200, page)} }`), { limits })).toBe(200 * one);
  });

  it('the plugin refuses more root fields than allowed with a 400, before pricing them', async () => {
    const listener = await operationLimitsPlugin(limits).requestDidStart();
    const run = (query: string) => listener.didResolveOperation({ request: { variables: {} }, document: parse(query), schema, operationName: null });
    await expect(run(`{ ${aliases(20, page)} }`)).resolves.toBeUndefined();
    const refusal = await run(`{ ${aliases(499, page)} }`).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      message: expect.stringMatching(/499 root fields .*at most 20/),
      extensions: { http: { status: 400 }, error: { name: 'ValidationError', details: { rootFields: 499, maxRootFields: 20 } } },
    });
  });
});

describe('GraphQL cost of relations and bodies', () => {
  // Content types as Strapi generates them (documentId and createdAt); the reader's own types have no createdAt.
  const schema = buildSchema(`
    scalar JSON
    input PaginationArg { limit: Int }
    type Section { documentId: ID createdAt: String name: String articles(pagination: PaginationArg): [Article] }
    type Article { documentId: ID createdAt: String title: String body: JSON section: Section moreFrom(limit: Int): MoreFrom }
    type MoreFromItem { documentId: ID slug: String }
    type MoreFrom { items: [MoreFromItem] }
    type Query { articles(pagination: PaginationArg): [Article] sections(pagination: PaginationArg): [Section] }
  `);
  const limits: OperationLimits = { maxComplexity: 7500, defaultLimit: 25, maxLimit: 100, moreFromLimit: 5, maxRootFields: 20 };
  const cost = (query: string) => operationComplexity(schema, parse(query), { limits });

  it('prices a relation read once per parent, a blocks body above a scalar', () => {
    expect(cost('{ articles(pagination: { limit: 10 }) { section { name } } }')).toBe(DATABASE_READ_COST + 10 * (RELATION_READ_COST + 1));
    expect(cost('{ sections(pagination: { limit: 2 }) { articles(pagination: { limit: 100 }) { body } } }')).toBe(
      DATABASE_READ_COST + 2 * (RELATION_READ_COST + 100 * JSON_FIELD_COST),
    );
  });

  it("does not price the reader's own types, built from rows already read, as relation reads", () => {
    expect(cost('{ articles(pagination: { limit: 1 }) { moreFrom(limit: 3) { items { documentId slug } } } }')).toBe(
      DATABASE_READ_COST + (MORE_FROM_COST + 3 * (1 + 2)),
    );
  });
});

describe('checkOperationInput', () => {
  it('refuses variables nested too deep and NUL characters, in variables or literals', () => {
    let deep: unknown = {};
    for (let i = 0; i < 40; i += 1) deep = { and: [deep] };
    expect(() => checkOperationInput({ variables: { f: deep } })).toThrow(/nested more than/);
    expect(() => checkOperationInput({ variables: { slug: 'a\u0000' } })).toThrow(/NUL/);
    expect(() => checkOperationInput({ query: '{ articleBySlug(slug: "a\\u0000") { title } }' })).toThrow(/NUL/);
    expect(() =>
      checkOperationInput({ query: '{ articleBySlug(slug: $s) { title } }', variables: { s: 'world', f: { and: [{ slug: { eq: 'x' } }] } } }),
    ).not.toThrow();
  });
});

describe('withStrapiErrorName', () => {
  it("adds Strapi's error name to errors GraphQL raised, and keeps Strapi's own", () => {
    expect(withStrapiErrorName({ message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } })).toEqual({
      message: 'Syntax Error',
      extensions: { code: 'GRAPHQL_PARSE_FAILED', error: { name: 'ValidationError', message: 'Syntax Error', details: {} } },
    });
    const strapis = { message: 'Forbidden access', extensions: { code: 'FORBIDDEN', error: { name: 'ForbiddenError' } } };
    expect(withStrapiErrorName(strapis)).toBe(strapis);
    const internal = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    expect(withStrapiErrorName(internal)).toBe(internal);
  });
});

describe('client errors', () => {
  type FakeCtx = { path: string; status: number; body: unknown; method: string };
  const ctx = (path = '/api/articles'): FakeCtx => ({ path, status: 404, body: undefined, method: 'GET' });

  it('treats thrown 4xx parser errors as client errors, and nothing else', () => {
    expect(asClientError(Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400 }))).toEqual({
      status: 400,
      message: 'Unexpected end of JSON input',
    });
    expect(asClientError(Object.assign(new Error('request entity too large'), { status: 413, expose: true }))).toEqual({
      status: 413,
      message: 'request entity too large',
    });
    expect(asClientError(Object.assign(new Error('secret'), { status: 400, expose: false }))).toBeNull();
    expect(asClientError(Object.assign(new Error('boom'), { status: 500 }))).toBeNull();
    expect(asClientError(new Error('boom'))).toBeNull();
  });

  it("answers a thrown parser error in Strapi's format, or GraphQL's on the GraphQL endpoint", async () => {
    const rest = ctx();
    await clientErrors('/graphql')(rest, async () => {
      throw Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400 });
    });
    expect(rest).toMatchObject({
      status: 400,
      body: { data: null, error: { status: 400, name: 'BadRequestError', message: 'Unexpected end of JSON input', details: {} } },
    });

    const graphql = ctx('/graphql');
    await clientErrors('/graphql')(graphql, async () => {
      throw Object.assign(new Error('request entity too large'), { status: 413, expose: true });
    });
    expect(graphql).toMatchObject({
      status: 413,
      body: { errors: [{ message: 'request entity too large', extensions: { code: 'BAD_REQUEST', error: { name: 'PayloadTooLargeError' } } }] },
    });
  });

  it("rethrows everything else to Strapi's error handler", async () => {
    const boom = new Error('boom');
    await expect(clientErrors(null)(ctx(), async () => Promise.reject(boom))).rejects.toBe(boom);
  });

  it('gives a body to an empty 405 and details to a Strapi error without them', async () => {
    const empty = ctx();
    await clientErrors(null)(empty, async () => {
      empty.status = 405;
    });
    expect(empty.body).toEqual({ data: null, error: { status: 405, name: 'MethodNotAllowedError', message: 'Method Not Allowed', details: {} } });

    const bare = ctx();
    await clientErrors(null)(bare, async () => {
      bare.status = 400;
      bare.body = { data: null, error: { status: 400, name: 'BadRequestError', message: 'failed to decode' } };
    });
    expect(isStrapiErrorBody(bare.body) && bare.body.error.details).toEqual({});
  });
});

describe('body guard', () => {
  /** A POST; `type` is what `ctx.is()` answers, and a body of some type comes with a Content-Length. */
  const ctx = (type: string | false | null, body: unknown, path = '/api/auth/local', querystring = '', contentLength = type === null ? '' : '42') => ({
    method: 'POST',
    path,
    querystring,
    status: 404,
    body: undefined as unknown,
    request: { body },
    is: () => type,
    get: (field: string) => (field.toLowerCase() === 'content-length' ? contentLength : ''),
  });

  it('refuses a body Strapi cannot read with 415 and an absurdly nested one with 400', async () => {
    const next = jest.fn(async () => undefined);
    const xml = ctx(false, undefined);
    await requestGuard('/graphql')(xml, next);
    expect(xml).toMatchObject({ status: 415, body: { error: { name: 'UnsupportedMediaTypeError', details: {} } } });

    let deep: unknown = {};
    for (let i = 0; i < MAX_BODY_DEPTH; i += 1) deep = { a: deep };
    const nested = ctx('json', deep);
    await requestGuard('/graphql')(nested, next);
    expect(nested).toMatchObject({ status: 400, body: { error: { name: 'ValidationError' } } });
    expect(next).not.toHaveBeenCalled();
  });

  it('refuses a NUL character in the path, the query or the body with 400', async () => {
    const next = jest.fn(async () => undefined);
    for (const request of [
      ctx(null, undefined, '/api/articles/by-slug/%00'),
      ctx(null, undefined, '/api/articles', 'filters[slug][$eq]=a%00b'),
      ctx('json', { identifier: ['x\u0000'] }),
    ]) {
      await requestGuard('/graphql')(request, next);
      expect(request).toMatchObject({ status: 400, body: { error: { name: 'ValidationError', message: expect.stringMatching(/NUL/) } } });
    }
    expect(next).not.toHaveBeenCalled();
  });

  it('lets readable bodies, requests without a body and the GraphQL endpoint through', async () => {
    const next = jest.fn(async () => undefined);
    await requestGuard('/graphql')(ctx('json', { data: { body: [{ type: 'list', children: [{ children: [] }] }] } }), next);
    await requestGuard('/graphql')(ctx(null, undefined), next);
    await requestGuard('/graphql')(ctx(false, undefined, '/graphql'), next);
    expect(next).toHaveBeenCalledTimes(3);
  });

  it('reads an empty POST (Content-Length: 0, no type) as an empty object, not as a body of the wrong type', async () => {
    const next = jest.fn(async () => undefined);
    const empty = ctx(false, undefined, '/api/auth/local', '', '0');
    await requestGuard('/graphql')(empty, next);
    expect(next).toHaveBeenCalledTimes(1);
    expect(empty.status).toBe(404);
    expect(empty.request.body).toEqual({});
  });
});
