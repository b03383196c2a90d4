/**
 * Hostile and malformed requests to every public route: each gets a 4xx in Strapi's error format
 * (GraphQL: an `errors` array whose entries name a code and, where GraphQL itself decided, Strapi's
 * error name), never a 5xx; the server keeps answering ordinary requests after each one, and nothing
 * stored changes. The cases are data (CASES below); their number is printed by the first test.
 *
 * Decisions the table pins down:
 * - Unknown query keys are a 400 `Invalid key …` on every REST route: core routes through Strapi's
 *   `api.rest.strictParams`, the custom reader routes through their own small contracts (src/query-contract/routes.ts).
 * - Pagination is strict: `pageSize`/`limit` 1–100, `page` 1–1 000 000, plain integers only.
 * - GraphQL introspection is on outside production and off in production (GRAPHQL_INTROSPECTION).
 * - The login rate limits are switched off here (AUTH_/ADMIN_RATE_LIMIT_MAX=0) so that every case
 *   reaches the code under test; tests/integration/headers.test.ts covers them.
 */
import { useApp } from '../harness/app';
import { ARTICLE, SECTION, TEASER, REFERENCE_SLUG } from '../harness/constants';
import { documents, rowsOf, type Row } from '../harness/clients';

type Format = 'rest' | 'graphql';

interface Case {
  /** What is sent, in words. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query as sent on the wire (already percent-encoded); {article} etc. are filled in. */
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The expected status, or the statuses that are all right for it. */
  status: number | readonly number[];
  format: Format;
  /** GraphQL errors that GraphQL itself raised carry Strapi's error name in `extensions.error.name`. */
  strapiName?: boolean;
  /** The GraphQL error code expected. */
  code?: string;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };
const PREVIEW = () => ({ 'X-Preview-Secret': String(process.env.PREVIEW_SECRET) });

// --- The routes -----------------------------------------------------------------------------------

/** Every public GET route, with a placeholder for its path parameter and the headers it needs. */
const LIST_ROUTES = ['/api/articles', '/api/sections', '/api/teasers'];
const SINGLE_ROUTES = ['/api/articles/{article}', '/api/sections/{section}', '/api/teasers/{teaser}'];
const CORE_ROUTES = [...LIST_ROUTES, ...SINGLE_ROUTES];
const PATH_PARAM_ROUTES: Array<{ route: string; headers?: () => Record<string, string> }> = [
  { route: '/api/articles/{x}' },
  { route: '/api/articles/by-slug/{x}' },
  { route: '/api/sections/{x}' },
  { route: '/api/sections/{x}/more-from' },
  { route: '/api/teasers/{x}' },
  { route: '/api/preview/articles/{x}', headers: PREVIEW },
];
/** The custom reader routes, each with a known-good target, and the name of its list-size parameter. */
const READER_ROUTES: Array<{ route: string; limitParam: string; headers?: () => Record<string, string> }> = [
  { route: `/api/articles/by-slug/${REFERENCE_SLUG}`, limitParam: 'moreFromLimit' },
  { route: '/api/sections/world/more-from', limitParam: 'limit' },
  { route: '/api/preview/articles/{article}', limitParam: 'moreFromLimit', headers: PREVIEW },
];
const POST_ROUTES = ['/api/auth/local', '/api/auth/local/register', '/api/auth/forgot-password', '/admin/login'];

// --- The hostile values ---------------------------------------------------------------------------

const LONG = 'a'.repeat(10000);
const HOSTILE_PATH_SEGMENTS: Array<[string, string]> = [
  ['an unknown id or slug', 'no-such-thing'],
  ['a NUL byte', '%00'],
  ['path traversal', '..%2f..%2fetc%2fpasswd'],
  ['double-encoded traversal', '%252e%252e%252fetc'],
  ['SQL', '%27%20OR%201%3D1%20--'],
  ['SQL with a semicolon', '1%3BDROP%20TABLE%20articles'],
  ['invalid UTF-8', '%C3%28'],
  ['a lone surrogate', '%ED%A0%80'],
  ['a 10 000-character value', LONG],
  ['a wildcard', '*'],
];

const BAD_LIST_SIZES: Array<[string, string]> = [
  ['-1', '=-1'],
  ['0', '=0'],
  ['21', '=21'],
  ['1e9', '=1e9'],
  ['abc', '=abc'],
  ['2.5', '=2.5'],
  ['empty', '='],
  ['an array', '[]=1'],
  ['an operator object', '[$gt]=1'],
  ['invalid UTF-8', '=%C3%28'],
];

const deepFilters = `filters${'[$not]'.repeat(50)}[slug][$eq]=x`;
const deepPopulate = `populate${'[section][populate][articles][populate]'.repeat(10)}[section]=true`;

const BAD_CORE_QUERIES: Array<[string, string]> = [
  ['an unknown key', 'foo=1'],
  ['an unknown key with invalid UTF-8', '%C3%28=1'],
  ['limit as an array', 'limit[]=1'],
  ['limit as an operator object', 'limit[$gt]=1'],
  ['an unknown filter operator', 'filters[slug][$foo]=x'],
  ['a filter on a private field', 'filters[password][$eq]=x'],
  ['a filter on an unknown field', 'filters[nope][$eq]=x'],
  ['a raw-SQL style filter', 'filters[$where]=1%3D1'],
  ['a date filter that is no date', 'filters[publishedAt][$gt]=notadate'],
  ['filters 50 levels deep', deepFilters],
  ['populate 20 levels deep', deepPopulate],
  ['populate of an unknown relation', 'populate=unknown'],
  ['populate of a private field', 'populate[createdBy]=true'],
  ['sort on an unknown field', 'sort=unknownField'],
  ['sort in an unknown direction', 'sort[0][title]=sideways'],
  ['fields naming a private field', 'fields[0]=password'],
  ['status that is neither draft nor published', 'status=bogus'],
  ['status as an array', 'status[]=draft'],
  ['locale as an operator object', 'locale[$ne]=x'],
  ['a NUL byte in a filter value', 'filters[slug][$eq]=a%00b'],
];

const BAD_PAGINATION: Array<[string, string]> = [
  ['pageSize -1', 'pagination[pageSize]=-1'],
  ['pageSize 0', 'pagination[pageSize]=0'],
  ['pageSize 101', 'pagination[pageSize]=101'],
  ['pageSize 1e9', 'pagination[pageSize]=1e9'],
  ['pageSize abc', 'pagination[pageSize]=abc'],
  ['page -1', 'pagination[page]=-1'],
  ['page 0', 'pagination[page]=0'],
  ['page 1e9', 'pagination[page]=1e9'],
  ['page of 17 digits', 'pagination[page]=99999999999999999'],
  ['limit -1', 'pagination[limit]=-1'],
  ['start -1', 'pagination[start]=-1'],
  ['page and limit mixed', 'pagination[page]=2&pagination[limit]=5'],
  ['an unknown pagination key', 'pagination[foo]=1'],
  ['pagination as a scalar', 'pagination=5'],
  ['pageSize as an array', 'pagination[pageSize][]=5'],
  ['withCount that is no boolean', 'pagination[withCount]=maybe'],
  ['top-level pageSize 1e9', 'pageSize=1e9'],
];

// --- GraphQL --------------------------------------------------------------------------------------

const nest = (levels: number) => {
  let selection = 'name';
  for (let i = 0; i < levels; i += 1) selection = i % 2 ? `section { ${selection} }` : `articles { section { ${selection} } }`;
  return `{ sections { ${selection} } }`;
};
const aliases = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const gqlBody = (query: string, extra: Record<string, unknown> = {}) => JSON.stringify({ query, ...extra });

const GRAPHQL_POSTS: Array<{ name: string; body: string | Buffer; status: number; headers?: Record<string, string>; strapiName?: boolean }> = [
  { name: 'a syntax error', body: gqlBody('{ articles { '), status: 400, strapiName: true },
  { name: 'an unknown field', body: gqlBody('{ nope }'), status: 400, strapiName: true },
  { name: 'a private field', body: gqlBody('{ articles { createdBy { email } } }'), status: 400, strapiName: true },
  { name: 'depth over the limit', body: gqlBody(nest(8)), status: 400, strapiName: true },
  { name: 'a fragment cycle', body: gqlBody('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }'), status: 400, strapiName: true },
  {
    name: 'a fragment cycle through fields',
    body: gqlBody('query { articles { ...A } } fragment A on Article { section { articles { ...A } } }'),
    status: 400,
    strapiName: true,
  },
  { name: '1000 aliases', body: gqlBody(aliases(1000, 'articles { documentId }')), status: 400, strapiName: true },
  { name: '200 aliases of 100-item lists', body: gqlBody(aliases(200, 'articles(pagination: { limit: 100 }) { documentId }')), status: 400, strapiName: true },
  {
    name: 'nested 100-item lists',
    body: gqlBody(
      '{ articles(pagination: { limit: 100 }) { section { articles(pagination: { limit: 100 }) { section { articles(pagination: { limit: 100 }) { documentId } } } } } }',
    ),
    status: 400,
    strapiName: true,
  },
  {
    name: 'nested 100-item lists through variables',
    body: gqlBody(
      'query ($n: Int) { articles(pagination: { limit: $n }) { section { articles(pagination: { limit: $n }) { section { articles(pagination: { limit: $n }) { documentId } } } } } }',
      { variables: { n: 100 } },
    ),
    status: 400,
    strapiName: true,
  },
  { name: 'pagination limit 1e9', body: gqlBody('{ articles(pagination: { limit: 1e9 }) { documentId } }'), status: 400, strapiName: true },
  { name: 'pagination limit beyond Int', body: gqlBody('{ articles(pagination: { limit: 99999999999 }) { documentId } }'), status: 400, strapiName: true },
  {
    name: 'a variable of the wrong type',
    body: gqlBody('query ($n: Int) { articles(pagination: { limit: $n }) { documentId } }', { variables: { n: 'abc' } }),
    status: 400,
    strapiName: true,
  },
  {
    name: 'an object where a scalar variable goes',
    body: gqlBody('query ($s: String!) { articleBySlug(slug: $s) { title } }', { variables: { s: { $ne: 1 } } }),
    status: 400,
    strapiName: true,
  },
  { name: 'a missing required variable', body: gqlBody('query ($s: String!) { articleBySlug(slug: $s) { title } }'), status: 400, strapiName: true },
  { name: 'an unknown operation name', body: gqlBody('query A { sections { slug } }', { operationName: 'B' }), status: 400, strapiName: true },
  { name: 'two operations and no name', body: gqlBody('query A { sections { slug } } query B { sections { name } }'), status: 400, strapiName: true },
  {
    name: 'variables nested 3000 deep',
    // Written out: JSON.stringify itself overflows the stack on a value this deep.
    body: `{"query":"query ($f: ArticleFiltersInput) { articles(filters: $f) { documentId } }","variables":{"f":${'{"and":['.repeat(3000)}{}${']}'.repeat(3000)}}}`,
    status: 400,
    strapiName: true,
  },
  { name: 'selections nested 5000 deep', body: gqlBody(`${'{ a '.repeat(5000)}${'}'.repeat(5000)}`), status: 400, strapiName: true },
  {
    name: 'an input object nested 2000 deep in the query',
    body: gqlBody(`{ articles(filters: ${'{ and: ['.repeat(2000)}{}${'] }'.repeat(2000)}) { documentId } }`),
    status: 400,
    strapiName: true,
  },
  { name: 'a NUL character in a string literal', body: gqlBody('{ articleBySlug(slug: "a\\u0000b") { title } }'), status: 400, strapiName: true },
  {
    name: 'a NUL character in a variable',
    body: gqlBody('query ($s: String!) { articleBySlug(slug: $s) { title } }', { variables: { s: 'a\u0000b' } }),
    status: 400,
    strapiName: true,
  },
  {
    name: 'a NUL character in a filter variable',
    body: gqlBody('query ($f: ArticleFiltersInput) { articles(filters: $f) { documentId } }', { variables: { f: { slug: { eq: '\u0000' } } } }),
    status: 400,
    strapiName: true,
  },
  // Outside the reader query contract (src/query-contract): refused before any resolver runs.
  { name: 'a sort on an unknown field', body: gqlBody('{ articles(sort: "unknownField") { documentId } }'), status: 400, strapiName: true },
  { name: 'page and limit pagination mixed', body: gqlBody('{ articles(pagination: { page: 2, limit: 5 }) { documentId } }'), status: 400, strapiName: true },
  { name: 'a batch array', body: JSON.stringify([{ query: '{ sections { slug } }' }, { query: '{ teasers { documentId } }' }]), status: 400 },
  { name: 'a query that is not a string', body: JSON.stringify({ query: 5 }), status: 400 },
  { name: 'variables that are an array', body: gqlBody('{ sections { slug } }', { variables: [1, 2] }), status: 400 },
  { name: 'an operationName that is an object', body: gqlBody('{ sections { slug } }', { operationName: { a: 1 } }), status: 400 },
  { name: 'an empty body', body: '{}', status: 400 },
  { name: 'malformed JSON', body: '{"query":', status: 400 },
  {
    name: 'raw 0xFF bytes in the JSON',
    body: Buffer.concat([Buffer.from('{"query":"{ sections { slug'), Buffer.from([0xff, 0xfe]), Buffer.from(' } }"}')]),
    status: 400,
    strapiName: true,
  },
  { name: 'a body over the limit', body: gqlBody(`{ sections { slug } } # ${'x'.repeat(1.2 * 1024 * 1024)}`), status: 413 },
  { name: 'a text/plain body (CSRF guard)', body: gqlBody('{ sections { slug } }'), headers: { 'Content-Type': 'text/plain' }, status: 400 },
];

/** Refused while the operation runs: GraphQL answers those 200 with `errors` (GraphQL over HTTP), here never a server error. */
const GRAPHQL_EXECUTION_ERRORS: Array<{ name: string; query: string; code: string }> = [
  { name: 'a mutation of content, anonymously', query: 'mutation { deleteArticle(documentId: "x") { documentId } }', code: 'FORBIDDEN' },
  { name: 'moreFrom(limit: 0)', query: `{ articleBySlug(slug: "${REFERENCE_SLUG}") { moreFrom(limit: 0) { title } } }`, code: 'BAD_USER_INPUT' },
];

const GRAPHQL_GETS: Array<{ name: string; query: string; status: number; strapiName?: boolean }> = [
  { name: 'a syntax error', query: `query=${encodeURIComponent('{ articles {')}`, status: 400, strapiName: true },
  { name: 'depth over the limit', query: `query=${encodeURIComponent(nest(8))}`, status: 400, strapiName: true },
  { name: 'a mutation', query: `query=${encodeURIComponent('mutation { deleteArticle(documentId: "x") { documentId } }')}`, status: 405 },
  { name: 'invalid UTF-8 in the query', query: 'query=%7B%20sections%20%7B%20slug%C3%28%20%7D%20%7D', status: 400, strapiName: true },
  {
    name: 'variables that are no JSON',
    query: `query=${encodeURIComponent('query ($n: Int) { articles(pagination: { limit: $n }) { documentId } }')}&variables=%7Bnope`,
    status: 400,
  },
  { name: 'no query', query: '', status: 400 },
];

// --- The table ------------------------------------------------------------------------------------

const fill = (route: string, value: string) => route.replace('{x}', value);

const CASES: Case[] = [
  ...PATH_PARAM_ROUTES.flatMap(({ route, headers }) =>
    HOSTILE_PATH_SEGMENTS.map(([what, value]): Case => ({
      name: `GET ${route} with ${what}`,
      method: 'GET',
      url: fill(route, value),
      headers: headers?.(),
      status: [400, 404],
      format: 'rest',
    })),
  ),
  ...READER_ROUTES.flatMap(({ route, limitParam, headers }) => [
    ...BAD_LIST_SIZES.map(([what, suffix]): Case => ({
      name: `GET ${route} with ${limitParam} ${what}`,
      method: 'GET',
      url: `${route}?${limitParam}${suffix}`,
      headers: headers?.(),
      status: 400,
      format: 'rest',
    })),
    ...[
      ['an unknown key', 'foo=1'],
      ['a misspelt list size', `${limitParam}x=3`],
      ['populate, which the route does not take', 'populate=*'],
      ['an unknown key with invalid UTF-8', '%C3%28=1'],
      ['a NUL byte in the list size', `${limitParam}=1%00`],
    ].map(([what, query]): Case => ({
      name: `GET ${route} with ${what}`,
      method: 'GET',
      url: `${route}?${query}`,
      headers: headers?.(),
      status: 400,
      format: 'rest',
    })),
  ]),
  { name: 'GET more-from with exclude as an object', method: 'GET', url: '/api/sections/world/more-from?exclude[a]=1', status: 400, format: 'rest' },
  { name: 'GET more-from with a NUL byte in exclude', method: 'GET', url: '/api/sections/world/more-from?exclude=a%00b', status: 400, format: 'rest' },
  { name: 'GET more-from with exclude as an array', method: 'GET', url: '/api/sections/world/more-from?exclude[]=a&exclude[]=b', status: 400, format: 'rest' },
  {
    name: 'GET preview with status as an object',
    method: 'GET',
    url: '/api/preview/articles/{article}?status[a]=b',
    headers: PREVIEW(),
    status: 400,
    format: 'rest',
  },
  {
    name: 'GET preview with an unknown status',
    method: 'GET',
    url: '/api/preview/articles/{article}?status=archived',
    headers: PREVIEW(),
    status: 400,
    format: 'rest',
  },
  { name: 'GET preview without the secret', method: 'GET', url: '/api/preview/articles/{article}', status: 401, format: 'rest' },
  { name: 'GET preview with the secret as an array', method: 'GET', url: '/api/preview/articles/{article}?secret[]=a&secret[]=b', status: 401, format: 'rest' },
  ...CORE_ROUTES.flatMap((route) =>
    BAD_CORE_QUERIES.map(([what, query]): Case => ({
      name: `GET ${route} with ${what}`,
      method: 'GET',
      url: `${route}?${query}`,
      status: 400,
      format: 'rest',
    })),
  ),
  ...LIST_ROUTES.flatMap((route) =>
    BAD_PAGINATION.map(([what, query]): Case => ({ name: `GET ${route} with ${what}`, method: 'GET', url: `${route}?${query}`, status: 400, format: 'rest' })),
  ),
  ...GRAPHQL_POSTS.map(({ name, body, status, headers, strapiName }): Case => ({
    name: `POST /graphql with ${name}`,
    method: 'POST',
    url: '/graphql',
    headers: headers ?? JSON_TYPE,
    body,
    status,
    format: 'graphql',
    strapiName,
  })),
  ...GRAPHQL_EXECUTION_ERRORS.map(({ name, query, code }): Case => ({
    name: `POST /graphql with ${name}`,
    method: 'POST',
    url: '/graphql',
    headers: JSON_TYPE,
    body: gqlBody(query),
    status: 200,
    format: 'graphql',
    code,
  })),
  ...GRAPHQL_GETS.map(({ name, query, status, strapiName }): Case => ({
    name: `GET /graphql with ${name}`,
    method: 'GET',
    url: `/graphql?${query}`,
    // Apollo's CSRF guard wants this header (or a JSON content type) on GET requests.
    headers: { 'apollo-require-preflight': 'true' },
    status,
    format: 'graphql',
    strapiName,
  })),
  ...POST_ROUTES.flatMap((route): Case[] => [
    { name: `POST ${route} with malformed JSON`, method: 'POST', url: route, headers: JSON_TYPE, body: '{"identifier":', status: 400, format: 'rest' },
    { name: `POST ${route} with an empty JSON body`, method: 'POST', url: route, headers: JSON_TYPE, body: '', status: 400, format: 'rest' },
    { name: `POST ${route} with JSON null`, method: 'POST', url: route, headers: JSON_TYPE, body: 'null', status: 400, format: 'rest' },
    { name: `POST ${route} with a JSON array`, method: 'POST', url: route, headers: JSON_TYPE, body: '[1,2]', status: 400, format: 'rest' },
    {
      name: `POST ${route} with JSON nested 5000 deep`,
      method: 'POST',
      url: route,
      headers: JSON_TYPE,
      body: `${'['.repeat(5000)}${']'.repeat(5000)}`,
      status: 400,
      format: 'rest',
    },
    {
      name: `POST ${route} with operator objects where strings go`,
      method: 'POST',
      url: route,
      headers: JSON_TYPE,
      body: JSON.stringify({ identifier: { $ne: 1 }, email: { $ne: 1 }, username: { $gt: '' }, password: { $ne: 1 } }),
      status: 400,
      format: 'rest',
    },
    {
      name: `POST ${route} with arrays where strings go`,
      method: 'POST',
      url: route,
      headers: JSON_TYPE,
      body: JSON.stringify({ identifier: ['a'], email: ['a@b.test'], username: ['a'], password: ['Passw0rd!'] }),
      status: 400,
      format: 'rest',
    },
    {
      name: `POST ${route} with raw 0xFF bytes in the JSON`,
      method: 'POST',
      url: route,
      headers: JSON_TYPE,
      body: Buffer.concat([
        Buffer.from('{"identifier":"'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('","email":"'),
        Buffer.from([0xff]),
        Buffer.from('@x.test","password":"x"}'),
      ]),
      status: 400,
      format: 'rest',
    },
    {
      name: `POST ${route} with NUL characters in the fields`,
      method: 'POST',
      url: route,
      headers: JSON_TYPE,
      body: JSON.stringify({ identifier: 'a\u0000', email: 'a\u0000@x.test', username: 'a\u0000', password: 'Passw0rd!\u0000' }),
      status: 400,
      format: 'rest',
    },
    {
      name: `POST ${route} with lone surrogates in the fields`,
      method: 'POST',
      url: route,
      headers: JSON_TYPE,
      body: '{"identifier":"\\ud800","email":"\\udfff@x.test","username":"\\ud800","password":"\\ud800"}',
      status: 400,
      format: 'rest',
    },
    {
      name: `POST ${route} with a text/plain body`,
      method: 'POST',
      url: route,
      headers: { 'Content-Type': 'text/plain' },
      body: 'identifier=x&password=y',
      status: 400,
      format: 'rest',
    },
    {
      name: `POST ${route} with an XML body`,
      method: 'POST',
      url: route,
      headers: { 'Content-Type': 'application/xml' },
      body: '<login><identifier>x</identifier></login>',
      status: [400, 415],
      format: 'rest',
    },
    {
      name: `POST ${route} with a body over the limit`,
      method: 'POST',
      url: route,
      headers: JSON_TYPE,
      body: JSON.stringify({ identifier: 'x', email: 'x@x.test', password: 'x'.repeat(1.2 * 1024 * 1024) }),
      status: 413,
      format: 'rest',
    },
    {
      name: `POST ${route} with invalid UTF-8 in the query`,
      method: 'POST',
      url: `${route}?%C3%28=%C3%28`,
      headers: JSON_TYPE,
      body: '{}',
      status: 400,
      format: 'rest',
    },
  ]),
  {
    name: 'POST /api/auth/local/register with a username of SQL',
    method: 'POST',
    url: '/api/auth/local/register',
    headers: JSON_TYPE,
    body: JSON.stringify({ username: "' OR 1=1 --", email: 'not-an-email', password: 'x' }),
    status: 400,
    format: 'rest',
  },
  {
    name: 'PUT on the article page',
    method: 'PUT',
    url: `/api/articles/by-slug/${REFERENCE_SLUG}`,
    headers: JSON_TYPE,
    body: '{}',
    status: 405,
    format: 'rest',
  },
  { name: 'POST on a More from list', method: 'POST', url: '/api/sections/world/more-from', headers: JSON_TYPE, body: '{}', status: 405, format: 'rest' },
  { name: 'PATCH on the article list', method: 'PATCH', url: '/api/articles', headers: JSON_TYPE, body: '{}', status: 405, format: 'rest' },
  { name: 'DELETE of an article, anonymously', method: 'DELETE', url: '/api/articles/{article}', status: 403, format: 'rest' },
  {
    name: 'POST of an article, anonymously',
    method: 'POST',
    url: '/api/articles',
    headers: JSON_TYPE,
    body: JSON.stringify({ data: { title: 'Injected' } }),
    status: 403,
    format: 'rest',
  },
  // An empty POST (fetch() sends `Content-Length: 0` and no type) is not a body of the wrong type: no 415.
  {
    name: 'POST /api/auth/local with an empty body and no Content-Type',
    method: 'POST',
    url: '/api/auth/local',
    headers: { 'Content-Length': '0' },
    status: 400,
    format: 'rest',
  },
  {
    name: 'PUT of a section with an XML body',
    method: 'PUT',
    url: '/api/sections/{section}',
    headers: { 'Content-Type': 'application/xml' },
    body: '<data/>',
    status: 415,
    format: 'rest',
  },
  {
    name: 'PUT of a section with JSON nested 5000 deep',
    method: 'PUT',
    url: '/api/sections/{section}',
    headers: JSON_TYPE,
    body: `{"data":${'['.repeat(5000)}${']'.repeat(5000)}}`,
    status: 400,
    format: 'rest',
  },
  {
    name: 'PUT of a section with malformed JSON',
    method: 'PUT',
    url: '/api/sections/{section}',
    headers: JSON_TYPE,
    body: '{"data":',
    status: 400,
    format: 'rest',
  },
];

// --- Running it -----------------------------------------------------------------------------------

const app = useApp({ env: { AUTH_RATE_LIMIT_MAX: '0', ADMIN_RATE_LIMIT_MAX: '0' }, seed: true });
const ids: Record<string, string> = {};
let before: Record<string, Row[]>;

const STORED = [ARTICLE, SECTION, TEASER, 'plugin::users-permissions.user', 'admin::user'];

async function snapshot(): Promise<Record<string, Row[]>> {
  return Object.fromEntries(await Promise.all(STORED.map(async (uid) => [uid, await rowsOf(app, uid)] as const)));
}

beforeAll(async () => {
  // A draft too, so that the snapshot covers both versions of documents.
  const world = await documents(app, SECTION).findFirst({ filters: { slug: 'world' } });
  await documents(app, ARTICLE).create({ data: { title: 'Unpublished draft for the bad-input table', section: world?.documentId } });
  ids.article = String((await documents(app, ARTICLE).findFirst({ status: 'published', filters: { slug: REFERENCE_SLUG } }))?.documentId);
  ids.section = String(world?.documentId);
  ids.teaser = String((await documents(app, TEASER).findFirst({ status: 'published' }))?.documentId);
  before = await snapshot();
});

const withIds = (url: string) => url.replace('{article}', ids.article).replace('{section}', ids.section).replace('{teaser}', ids.teaser);

async function send(c: Case) {
  const agent = app.http();
  const method = c.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
  let req = agent[method](withIds(c.url));
  for (const [name, value] of Object.entries(c.headers ?? {})) req = req.set(name, value);
  if (c.body !== undefined) req = req.send(c.body);
  return req;
}

/** What a failing case prints: enough to see which answer came back. */
const describeAnswer = (res: { status: number; text: string }) => `${res.status} ${res.text.slice(0, 400)}`;

test(`the table holds ${CASES.length} cases`, () => {
  expect(CASES.length).toBeGreaterThan(300);
  expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  console.log(`bad-input table: ${CASES.length} cases`);
});

test.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
  const res = await send(c);
  const allowed = Array.isArray(c.status) ? c.status : [c.status];
  if (!allowed.includes(res.status)) throw new Error(`expected ${allowed.join(' or ')}, got ${describeAnswer(res)}`);

  if (c.format === 'rest') {
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body).toEqual({
      data: null,
      error: { status: res.status, name: expect.stringMatching(/^[A-Z]\w*Error$/), message: expect.any(String), details: expect.any(Object) },
    });
  } else {
    const errors = res.body.errors as Array<{ message: string; extensions?: { code?: string; error?: { name?: string } } }>;
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]));
    for (const error of errors) {
      expect(error.extensions?.code).toEqual(expect.any(String));
      expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      if (c.strapiName || c.code) expect(error.extensions?.error?.name).toMatch(/^[A-Z]\w*Error$/);
      if (c.code) expect(error.extensions?.code).toBe(c.code);
    }
    // Nothing was read: no data at all, or only nulls where the refused fields were.
    expect(JSON.stringify(res.body.data ?? null)).not.toMatch(/documentId|"title"/);
  }

  // The server keeps serving.
  const page = await app.http().get(`/api/articles/by-slug/${REFERENCE_SLUG}`);
  expect(page.status).toBe(200);
});

test('nothing stored changed: articles, sections, teasers and accounts are as before the table', async () => {
  expect(await snapshot()).toEqual(before);
});

test("the legitimate variants of the table's requests still answer 200", async () => {
  const ok = [
    `/api/articles/by-slug/${REFERENCE_SLUG}?moreFromLimit=20`,
    '/api/sections/world/more-from?limit=1&exclude=no-such-article',
    '/api/articles?pagination[page]=1&pagination[pageSize]=100&pagination[withCount]=false',
    '/api/articles?pagination[start]=0&pagination[limit]=100',
    '/api/sections?filters[slug][$eq]=world&populate[articles][fields][0]=title',
    `/api/teasers?populate[article][populate][section]=true&sort=position:asc`,
    '/api/articles?status=published&locale=en&fields[0]=title&sort[0]=title:desc',
  ];
  for (const url of ok) {
    const res = await app.http().get(url);
    if (res.status !== 200) throw new Error(`${url}: ${describeAnswer(res)}`);
  }
  const gql = await app
    .http()
    .post('/graphql')
    .set(JSON_TYPE)
    .send({ query: '{ articles(pagination: { limit: 100 }) { documentId section { name } } sections { slug moreFrom(limit: 20) { items { slug } } } }' });
  expect(gql.body.errors).toBeUndefined();
  expect(gql.status).toBe(200);
});

describe('with introspection off, as in production (GRAPHQL_INTROSPECTION defaults to false there)', () => {
  beforeAll(async () => {
    await app.restart({ GRAPHQL_INTROSPECTION: 'false' });
  });

  test('a schema query is a 400 naming the refusal, ordinary queries still run', async () => {
    const res = await app.http().post('/graphql').set(JSON_TYPE).send({ query: '{ __schema { types { name } } }' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/introspection/i),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', error: { name: 'ValidationError' } },
    });
    const ok = await app.http().post('/graphql').set(JSON_TYPE).send({ query: '{ sections { slug } }' });
    expect(ok.status).toBe(200);
    expect(ok.body.errors).toBeUndefined();
  });
});
