/**
 * Request budgets, on a real Strapi with small budgets so that modest content reaches them:
 * - a populated to-many relation brings at most READER_MAX_POPULATED_ROWS rows (more: 400), counting
 *   only what a reader may see;
 * - a reader answer is at most READER_MAX_RESPONSE_BYTES (more: 400, REST and GraphQL);
 * - GraphQL refuses more than GRAPHQL_MAX_ROOT_FIELDS root fields (the 499 aliases of issue 11);
 * - PostgreSQL: a statement that runs into DATABASE_STATEMENT_TIMEOUT_MS is stopped and answers 503.
 */
import { Client } from 'pg';
import { useApp } from '../harness/app';
import { contentKit, paragraphs, type ArticleDoc, type SectionDoc } from '../harness/content';
import { ARTICLE, SECTION } from '../harness/constants';

const MAX_ROWS = 30;
const MAX_BYTES = 16 * 1024;
const DEADLINE_MS = 1500;

const app = useApp({
  env: {
    READER_MAX_POPULATED_ROWS: String(MAX_ROWS),
    READER_MAX_RESPONSE_BYTES: String(MAX_BYTES),
    DATABASE_STATEMENT_TIMEOUT_MS: String(DEADLINE_MS),
  },
});
let crowded: SectionDoc;
let full: SectionDoc;
let story: ArticleDoc;

beforeAll(async () => {
  const kit = contentKit(app.strapi);
  crowded = await kit.section('Crowded');
  full = await kit.section('Full');
  const body = paragraphs('A paragraph long enough to make forty articles weigh more than the response cap of this test. '.repeat(4));
  for (let i = 0; i < MAX_ROWS + 5; i += 1) await kit.article({ section: crowded, title: `Crowded story ${i}`, body });
  // Exactly the cap of published articles, plus drafts: the drafts must not count.
  for (let i = 0; i < MAX_ROWS; i += 1) story = await kit.article({ section: full, title: `Full story ${i}` });
  for (let i = 0; i < 5; i += 1) await kit.article({ section: full, title: `Full draft ${i}`, status: 'draft' });
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions check their shape

const graphql = async (query: string) => {
  const res = await app.http().post('/graphql').set('Content-Type', 'application/json').send({ query });
  return { status: res.status, body: res.body as Json };
};

function expectStrapiError(res: { status: number; body: Json }, status: number, name: string, message: RegExp) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ data: null, error: { status, name, message: expect.stringMatching(message), details: expect.any(Object) } });
}

describe('rows of a populated to-many relation', () => {
  it('refuses a page whose populated relation holds more than the cap, naming it', async () => {
    for (const query of [
      `filters[slug]=${crowded.slug}&populate=articles`,
      `filters[slug]=${crowded.slug}&populate=*`,
      `filters[slug]=${crowded.slug}&populate[articles][fields][0]=title`,
    ]) {
      const res = await app.http().get(`/api/sections?${query}`);
      expectStrapiError(res, 400, 'ValidationError', new RegExp(`articles holds more than ${MAX_ROWS} items`));
      expect(res.body.error.details).toMatchObject({ path: 'articles', maxRows: MAX_ROWS });
    }
    // Also nested: the articles of a section's sub-sections.
    const sections = app.strapi.documents(SECTION);
    const parentOf = async (child: SectionDoc) => {
      const parent = await contentKit(app.strapi).section(`Parent of ${child.name}`);
      await sections.update({ documentId: child.documentId, data: { parent: parent.documentId } as never });
      return parent;
    };
    const nested = await app.http().get(`/api/sections?filters[slug]=${(await parentOf(full)).slug}&populate[children][populate]=articles`);
    expect(nested.status).toBe(200);
    expect(nested.body.data[0].children[0].articles).toHaveLength(MAX_ROWS);
    const crowdedNested = await app.http().get(`/api/sections?filters[slug]=${(await parentOf(crowded)).slug}&populate[children][populate]=articles`);
    expectStrapiError(crowdedNested, 400, 'ValidationError', /children\.articles holds more than/);
  });

  it('serves a relation at the cap whole, drafts not counted', async () => {
    const res = await app.http().get(`/api/sections?filters[slug]=${full.slug}&populate[articles][fields][0]=title`);
    expect(res.status).toBe(200);
    const titles = (res.body.data[0].articles as Array<{ title: string }>).map((article) => article.title);
    expect(titles).toHaveLength(MAX_ROWS);
    expect(titles.filter((title) => title.startsWith('Full draft'))).toEqual([]);
  });
});

describe('size of a reader answer', () => {
  it('refuses a REST answer over the cap with a 400 that says how to ask for less', async () => {
    const res = await app.http().get(`/api/articles?filters[section][slug]=${crowded.slug}&pagination[pageSize]=100`);
    expectStrapiError(res, 400, 'ValidationError', new RegExp(`larger than ${MAX_BYTES} bytes.*fewer items`));
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.etag).toBeUndefined();
    const fewer = await app.http().get(`/api/articles?filters[section][slug]=${crowded.slug}&pagination[pageSize]=5`);
    expect(fewer.status).toBe(200);
    expect(fewer.body.data).toHaveLength(5);
    expect(fewer.headers['content-type']).toMatch(/application\/json/);
  });

  it('refuses a GraphQL answer over the cap the same way', async () => {
    const res = await graphql(`{ articles(filters: { section: { slug: { eq: "${crowded.slug}" } } }, pagination: { limit: 100 }) { title body } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.error).toEqual({
      name: 'ValidationError',
      message: expect.stringMatching(/fewer items/),
      details: { maxBytes: MAX_BYTES },
    });
    expect(
      (
        await graphql(`
          {
            articles(pagination: { limit: 3 }) {
              title
            }
          }
        `)
      ).body.data.articles,
    ).toHaveLength(3);
  });
});

describe('GraphQL root fields', () => {
  const aliases = (count: number, selection: string) =>
    `{ ${Array.from({ length: count }, (_, i) => `a${i}: articleBySlug(slug: "${story.slug}") ${selection}`).join(' ')} }`;

  it("refuses 499 aliases of articleBySlug with a 400 in Strapi's error format, before reading anything", async () => {
    // Refused before any resolver runs: not one statement reaches the articles table.
    const articlesTable = app.strapi.db.metadata.get('api::article.article').tableName;
    const articleReads: string[] = [];
    const onQuery = (query: { sql?: string }) => {
      if (query.sql?.includes(articlesTable)) articleReads.push(query.sql);
    };
    app.strapi.db.connection.on('query', onQuery);
    // Small enough a selection to pass Apollo's cap on selections (GRAPHQL_MAX_SELECTIONS), as in issue 11.
    const res = await graphql(aliases(499, '{ title }')).finally(() => app.strapi.db.connection.off('query', onQuery));
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].extensions.error).toEqual({
      name: 'ValidationError',
      message: expect.stringMatching(/499 root fields .*at most 20/),
      details: { rootFields: 499, maxRootFields: 20 },
    });
    expect(articleReads).toEqual([]);
  });

  it('answers 20 of them', async () => {
    const res = await graphql(aliases(20, '{ title lastUpdate { label } moreFrom { items { slug } } }'));
    expect(res.status).toBe(200);
    expect(res.body.data.a19.title).toBe(story.title);
  });
});

const postgresOnly = (process.env.DATABASE_CLIENT ?? 'sqlite') === 'postgres' ? describe : describe.skip;

postgresOnly('database deadline (PostgreSQL)', () => {
  /** Holds an exclusive lock on the articles table (another session's long migration, say) while `work` runs. */
  async function whileArticlesLocked<T>(work: () => Promise<T>): Promise<T> {
    const locker = new Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${app.strapi.db.metadata.get(ARTICLE).tableName}" IN ACCESS EXCLUSIVE MODE`);
      return await work();
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  }

  it("sets statement_timeout on the app's connections", async () => {
    const result = await app.strapi.db.connection.raw<{ rows: Array<{ statement_timeout: string }> }>('SHOW statement_timeout');
    expect(result.rows[0].statement_timeout).toBe(`${DEADLINE_MS}ms`);
  });

  it('stops a REST read stuck past the deadline and answers 503 without SQL, then serves again', async () => {
    const started = Date.now();
    const res = await whileArticlesLocked(() => app.http().get('/api/articles?pagination[pageSize]=5'));
    expectStrapiError(res, 503, 'ServiceUnavailableError', /took too long/);
    expect(JSON.stringify(res.body)).not.toMatch(/select|from|articles"/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MS + 3000);
    expect((await app.http().get('/api/articles?pagination[pageSize]=5')).status).toBe(200);
  });

  it('answers 503 on GraphQL too', async () => {
    const res = await whileArticlesLocked(() => graphql(`{ articleBySlug(slug: "${story.slug}") { title } }`));
    expect(res.status).toBe(503);
    expect(res.body.errors).toEqual([
      {
        message: expect.stringMatching(/took too long/),
        extensions: { code: 'SERVICE_UNAVAILABLE', error: { name: 'ServiceUnavailableError', message: expect.any(String), details: {} } },
      },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/select|statement timeout/i);
  });
});
