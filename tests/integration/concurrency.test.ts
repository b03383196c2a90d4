/**
 * Concurrency: what many editors and integrators doing the same thing at the same moment leave behind.
 *
 * - 20 parallel creations with one title (articles) or names that make one slug (sections) get 20
 *   distinct slugs, through REST with an API token and through the admin panel's API, and none is lost.
 * - The database holds the slug rule itself (src/database/integrity-indexes.ts): when another writer
 *   takes the free slug between the look-up and the insert (as another instance behind the load balancer
 *   would), the creation retries with the next free slug; a given slug that clashes there is a 400 on
 *   `slug`. Across real instances: tests/integration/multi-instance.test.ts (PostgreSQL).
 * - 10 publishes and 10 unpublishes of one article at once, through the Document Service and through the
 *   admin panel's API, leave one draft row and at most one published row, a reader API that agrees with
 *   the database, and the first publication date.
 *
 * Two scheduler runs at once publishing each item once: tests/integration/scheduler.test.ts (both
 * databases) and multi-instance.test.ts (two instances, PostgreSQL).
 */
import { useApp } from '../harness/app';
import { ARTICLE, SECTION } from '../harness/constants';
import { bearer, documents, errorOf, errorPaths, expectValidationError, fullAccessToken, rejectionOf, rowsOf, type Row } from '../harness/clients';
import { cm, panelUser, type PanelUser } from '../harness/admin-users';
import { unique } from '../harness/content';
import { INTEGRITY_INDEXES } from '../../src/database/integrity-indexes';
import { Client } from 'pg';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- better-sqlite3 ships no types here
const Sqlite = require('better-sqlite3') as new (
  file: string,
  options?: { timeout?: number },
) => {
  prepare(sql: string): { run(...values: unknown[]): unknown };
  close(): void;
};

const app = useApp();
let token: string;
let editor: PanelUser;
let world: Row;

const articles = () => documents(app, ARTICLE);
const rest = (method: 'post' | 'put', url: string, data: Row) => app.http()[method](url).set(bearer(token)).send({ data });
const reader = (url: string) => app.http().get(url);

beforeAll(async () => {
  token = await fullAccessToken(app);
  editor = await panelUser(app, 'strapi-editor', 'editor');
  world = await documents(app, SECTION).create({ data: { name: unique('World') } });
});

const slugSeries = (base: string, count: number) => [base, ...Array.from({ length: count - 1 }, (_, i) => `${base}-${i + 2}`)].sort();
const N = 20;

/** One way of creating a document without a slug; resolves to the HTTP response. */
type Create = (data: Row) => PromiseLike<{ status: number; body: { data: Row } }>;

const PATHS: Array<{ name: string; uid: string; create: Create }> = [
  { name: 'articles, REST with an API token', uid: ARTICLE, create: (data) => rest('post', '/api/articles', { ...data, section: world.documentId }) },
  { name: 'articles, admin panel (Editor)', uid: ARTICLE, create: (data) => editor.post(cm(ARTICLE), data) },
  { name: 'sections, REST with an API token', uid: SECTION, create: (data) => rest('post', '/api/sections', data) },
  { name: 'sections, admin panel (Editor)', uid: SECTION, create: (data) => editor.post(cm(SECTION), data) },
];

describe(`${N} parallel creations that make one slug get ${N} distinct slugs`, () => {
  test.each(PATHS.map((path) => [path.name, path] as const))('%s', async (_name, { uid, create }) => {
    const words = unique('Parliament dissolved');
    const base = words.toLowerCase().replace(/ /g, '-');
    // Section names are unique: different names that make one slug (punctuation is dropped).
    const payload = (i: number) => (uid === ARTICLE ? { title: words } : { name: `${words}${'!'.repeat(i)}` });
    const responses = await Promise.all(Array.from({ length: N }, (_, i) => create(payload(i))));

    expect(responses.map((res) => res.status)).toEqual(Array(N).fill(201));
    const slugs = responses.map((res) => String(res.body.data.slug));
    expect([...slugs].sort()).toEqual(slugSeries(base, N));

    // The database agrees: N documents, none lost, each with the slug it was answered with.
    const rows = await rowsOf(app, uid, { slug: { $startsWith: base } });
    const documentIds = responses.map((res) => String(res.body.data.documentId));
    expect(new Set(rows.map((row) => row.documentId))).toEqual(new Set(documentIds));
    for (const res of responses) {
      const own = rows.filter((row) => row.documentId === res.body.data.documentId);
      expect(own.length).toBeGreaterThan(0);
      for (const row of own) expect(row.slug).toBe(res.body.data.slug);
    }
  });
});

describe('the database holds the slug rule when another writer wins the race', () => {
  /**
   * Registers a Document Service middleware that runs after the slug has been chosen and, once, stores
   * a rival draft with that slug straight into the database: what another instance would do between
   * our look-up and our insert. The rival writes over a connection of its own and commits at once, as
   * another instance does (the creation it races runs in a transaction: src/history/middleware.ts).
   * Returns the slugs it took.
   */
  function rivalTakesTheSlug(times = 1) {
    const taken: string[] = [];
    let left = times;
    const remove = app.strapi.documents.use(async (context, next) => {
      const data = (context.params as { data?: Row }).data;
      if (context.uid === ARTICLE && context.action === 'create' && left > 0 && typeof data?.slug === 'string') {
        left -= 1;
        taken.push(data.slug);
        await insertElsewhere({ document_id: `rival${Date.now()}${left}`, title: 'Rival', slug: data.slug });
      }
      return next();
    }) as unknown as () => void;
    return { taken, remove };
  }

  /** A draft article row written by another connection to the same database, committed at once. */
  async function insertElsewhere(row: { document_id: string; title: string; slug: string }) {
    const now = new Date();
    if (app.client === 'postgres') {
      const pg = new Client({ connectionString: app.database.env.DATABASE_URL });
      await pg.connect();
      try {
        await pg.query(
          "INSERT INTO articles (document_id, title, slug, locale, published_at, created_at, updated_at) VALUES ($1, $2, $3, 'en', NULL, $4, $4)",
          [row.document_id, row.title, row.slug, now],
        );
      } finally {
        await pg.end();
      }
      return;
    }
    const db = new Sqlite(app.database.env.DATABASE_FILENAME, { timeout: 5000 });
    try {
      db.prepare("INSERT INTO articles (document_id, title, slug, locale, published_at, created_at, updated_at) VALUES (?, ?, ?, 'en', NULL, ?, ?)").run(
        row.document_id,
        row.title,
        row.slug,
        now.getTime(),
        now.getTime(),
      );
    } finally {
      db.close();
    }
  }

  test('the unique indexes exist after the first start', async () => {
    const knex = app.strapi.db.connection;
    const names =
      app.client === 'postgres'
        ? (await knex.raw<{ rows: Array<{ name: string }> }>(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()`)).rows
        : await knex.raw<Array<{ name: string }>>(`SELECT name FROM sqlite_master WHERE type = 'index'`);
    expect(names.map((row) => row.name)).toEqual(expect.arrayContaining(INTEGRITY_INDEXES.map((index) => index.name)));
  });

  test('a generated slug taken meanwhile: the creation is saved with the next free slug', async () => {
    const title = unique('Race for the slug');
    const base = title.toLowerCase().replace(/ /g, '-');
    const rival = rivalTakesTheSlug(2);
    try {
      const res = await rest('post', '/api/articles', { title, section: world.documentId });
      expect(res.status).toBe(201);
      expect(rival.taken).toEqual([base, `${base}-2`]);
      expect(res.body.data.slug).toBe(`${base}-3`);
    } finally {
      rival.remove();
    }
    // The rivals' drafts and the article (its draft and, created over REST, its published row); nothing else.
    const rows = await rowsOf(app, ARTICLE, { slug: { $startsWith: base } });
    expect(rows.map((row) => [row.title, row.slug, row.publishedAt === null ? 'draft' : 'published'])).toEqual([
      ['Rival', base, 'draft'],
      ['Rival', `${base}-2`, 'draft'],
      [title, `${base}-3`, 'draft'],
      [title, `${base}-3`, 'published'],
    ]);
  });

  test('a given slug taken meanwhile: 400 ValidationError on `slug`, nothing stored', async () => {
    const slug = unique('given slug').replace(/ /g, '-');
    const rival = rivalTakesTheSlug(2);
    try {
      const res = await rest('post', '/api/articles', { title: 'Copycat', slug, section: world.documentId });
      expectValidationError(res, new RegExp(slug));
      expect(errorPaths(errorOf(res))).toEqual(['slug']);
      const viaPanel = await editor.post(cm(ARTICLE), { title: 'Copycat', slug: `${slug}-b` });
      expectValidationError(viaPanel, new RegExp(`${slug}-b`));
    } finally {
      rival.remove();
    }
    expect(rival.taken).toEqual([slug, `${slug}-b`]);
    expect((await rowsOf(app, ARTICLE, { slug: { $startsWith: slug } })).map((row) => row.title)).toEqual(['Rival', 'Rival']);
  });

  test('the database refuses a second draft with a taken slug, and a second published row of a document, in one locale', async () => {
    const created = await articles().create({ data: { title: unique('Guarded'), section: world.documentId }, status: 'published' });
    const [draft] = await rowsOf(app, ARTICLE, { documentId: created.documentId, publishedAt: null });
    const insert = (data: Row) => app.strapi.db.connection('articles').insert({ document_id: 'intruder', title: 'Intruder', locale: 'en', ...data });
    // (The driver's error class comes from another realm under Jest workers: compare messages, not classes.)
    const refusal = async (data: Row) => String((await rejectionOf(Promise.resolve(insert(data)))).message);
    expect(await refusal({ slug: draft.slug, published_at: null })).toMatch(/unique/i);
    expect(await refusal({ document_id: created.documentId, slug: 'other', published_at: new Date() })).toMatch(/unique/i);
    expect(await refusal({ document_id: created.documentId, slug: 'other', published_at: null })).toMatch(/unique/i);
    expect(await rowsOf(app, ARTICLE, { documentId: created.documentId })).toHaveLength(2);
    // Each locale is a row of its own: another locale may hold the slug, and a draft of its own.
    await insert({ document_id: created.documentId, slug: draft.slug, locale: 'de', published_at: null });
    expect(await refusal({ document_id: created.documentId, slug: 'other', locale: 'de', published_at: null })).toMatch(/unique/i);
    expect(await rowsOf(app, ARTICLE, { documentId: created.documentId })).toHaveLength(3);
  });
});

describe('publishing and unpublishing one article at the same moment leaves a consistent state', () => {
  const publishedAt = async (documentId: string) => (await rowsOf(app, ARTICLE, { documentId })).filter((row) => row.publishedAt !== null);

  /** Stored versions, reader API and publication date agree after the storm. */
  async function expectConsistent(documentId: string, slug: string, publicationDate: unknown) {
    const rows = await rowsOf(app, ARTICLE, { documentId });
    const drafts = rows.filter((row) => row.publishedAt === null);
    const published = rows.filter((row) => row.publishedAt !== null);
    expect(drafts).toHaveLength(1);
    expect(published.length).toBeLessThanOrEqual(1);
    for (const row of rows) {
      expect(row.slug).toBe(slug);
      expect(new Date(row.publicationDate as string).toISOString()).toBe(new Date(publicationDate as string).toISOString());
    }

    const page = await reader(`/api/articles/by-slug/${slug}`);
    const list = await reader(`/api/articles?filters[documentId][$eq]=${documentId}`);
    expect(list.status).toBe(200);
    if (published.length === 1) {
      expect(page.status).toBe(200);
      expect(page.body.data.documentId).toBe(documentId);
      expect(list.body.data.map((item: Row) => item.documentId)).toEqual([documentId]);
    } else {
      expect(page.status).toBe(404);
      expect(list.body.data).toEqual([]);
    }
    return published.length;
  }

  /** 10 publishes and 10 unpublishes, interleaved, all started at once. */
  const storm = <T>(publish: () => Promise<T>, unpublish: () => Promise<T>) =>
    Promise.allSettled(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? publish() : unpublish())));

  async function publishedArticle() {
    const created = await articles().create({ data: { title: unique('Storm'), section: world.documentId }, status: 'published' });
    const [row] = await publishedAt(String(created.documentId));
    return { documentId: String(created.documentId), slug: String(created.slug), publicationDate: row.publicationDate };
  }

  test('through the Document Service', async () => {
    const { documentId, slug, publicationDate } = await publishedArticle();
    const results = await storm(
      () => articles().publish({ documentId }),
      () => articles().unpublish({ documentId }),
    );
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    await expectConsistent(documentId, slug, publicationDate);

    // And it still works afterwards: one more publish leaves exactly one published row.
    await articles().publish({ documentId });
    expect(await expectConsistent(documentId, slug, publicationDate)).toBe(1);
  });

  test('through the admin panel (Editor): every answer is a 200 or a 4xx, never a 5xx', async () => {
    const { documentId, slug, publicationDate } = await publishedArticle();
    const results = await storm(
      () => editor.post(cm(ARTICLE, `/${documentId}/actions/publish`), {}).then((res) => res),
      () => editor.post(cm(ARTICLE, `/${documentId}/actions/unpublish`), {}).then((res) => res),
    );
    const statuses = results.map((result) => (result.status === 'fulfilled' ? result.value.status : 0));
    const publishes = statuses.filter((_, i) => i % 2 === 0);
    const unpublishes = statuses.filter((_, i) => i % 2 === 1);
    expect(publishes).toEqual(Array(10).fill(200));
    // An unpublish that comes when the article is already unpublished finds nothing to unpublish: 404.
    for (const status of unpublishes) expect([200, 404]).toContain(status);
    await expectConsistent(documentId, slug, publicationDate);

    const last = await editor.post(cm(ARTICLE, `/${documentId}/actions/publish`), {});
    expect(last.status).toBe(200);
    expect(await expectConsistent(documentId, slug, publicationDate)).toBe(1);
  });

  test('10 publishes at once with different edits: one published row, holding one of the edits', async () => {
    const { documentId, slug, publicationDate } = await publishedArticle();
    const bylines = Array.from({ length: 10 }, (_, i) => `Reporter ${i}`);
    const responses = await Promise.all(bylines.map((byline) => editor.post(cm(ARTICLE, `/${documentId}/actions/publish`), { byline })));
    expect(responses.map((res) => res.status)).toEqual(Array(10).fill(200));
    expect(await expectConsistent(documentId, slug, publicationDate)).toBe(1);
    const [published] = await publishedAt(documentId);
    const [draft] = await rowsOf(app, ARTICLE, { documentId, publishedAt: null });
    expect(bylines).toContain(published.byline);
    expect(draft.byline).toBe(published.byline); // the last one saved is the one published
  });
});
