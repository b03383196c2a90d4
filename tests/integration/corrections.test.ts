/**
 * Public corrections (issue 16): an editor appends a correction to a published article; readers see it under the
 * article (REST page, GraphQL, oldest first, `at` and `text` only) and the article's "Last update" moves to its time
 * on every surface (page, JSON-LD, core list, GraphQL, feeds, sitemaps, search), unless an editor set
 * `lastUpdatedAt`; a later republication moves it on again. Cached answers follow. Refused requests change nothing.
 */
import { useApp } from '../harness/app';
import { cm, panelUser, type PanelUser } from '../harness/admin-users';
import { expectValidationError } from '../harness/clients';
import { ARTICLE } from '../harness/constants';
import { paragraphs, type ArticleDoc, type SectionDoc } from '../harness/content';
import { uniqueWord } from '../harness/search';
import { parseXml } from '../harness/xml';
import { addLocale } from '../../src/locales';

const SITE = 'https://news.example.com';
const app = useApp({ env: { PUBLIC_SITE_URL: SITE, FEED_ITEMS: '50' } });
/** One Host for every request: feeds and sitemaps build their own URLs (and ETags) from it. */
const get = (path: string) => app.http().get(path).set('Host', 'cms.example.com');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies
interface Stored {
  id: number;
  locale: string;
  at: string;
  text: string;
}

let section: SectionDoc;
let editor: PanelUser;
let reporter: PanelUser;
beforeAll(async () => {
  section = await app.kit.section('Corrections desk');
  editor = await panelUser(app, 'strapi-editor', 'corrections-editor');
  reporter = await panelUser(app, 'newsroom-reporter', 'corrections-reporter');
});

async function correct(article: { documentId: string }, text: string): Promise<Stored> {
  const res = await editor.post('/newsroom-history/corrections', { uid: ARTICLE, documentId: article.documentId, text });
  expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ status: 201, body: null });
  return (res.body as { data: Stored }).data;
}

async function page(article: ArticleDoc, locale?: string): Promise<Json> {
  const res = await get(`/api/articles/by-slug/${article.slug}${locale ? `?locale=${locale}` : ''}`);
  expect(res.status).toBe(200);
  return res.body.data as Json;
}

async function graphqlArticle(article: ArticleDoc): Promise<{ bySlug: Json; listed: Json }> {
  const query = `query ($slug: String!) {
    articleBySlug(slug: $slug) { lastUpdate { datetime } corrections { at text } }
    articles(filters: { slug: { eq: $slug } }) { lastUpdate { datetime } corrections { at text } }
  }`;
  const res = await app
    .http()
    .post('/graphql')
    .set('Content-Type', 'application/json')
    .send({ query, variables: { slug: article.slug } });
  expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
  return { bySlug: res.body.data.articleBySlug, listed: res.body.data.articles[0] };
}

/** The "Last update" of one article on every reader surface that shows it. */
async function lastUpdates(article: ArticleDoc, word: string): Promise<Record<string, string | null>> {
  const shown = await page(article);
  const listed = await get(`/api/articles?filters[slug][$eq]=${encodeURIComponent(article.slug)}`);
  const gql = await graphqlArticle(article);
  const jsonFeed = JSON.parse((await get('/api/feed.json')).text) as { items: Array<{ id: string; url: string; date_modified?: string }> };
  const feedItem = jsonFeed.items.find((item) => item.url.endsWith(`/${article.slug}`));
  const sitemap = parseXml((await get('/api/sitemaps/articles/1.xml')).text).urlset.url as Array<{ loc: string; lastmod?: string }>;
  const search = await get('/api/search').query({ q: word });
  const hit = (search.body.data as Json[]).find((found) => found.documentId === article.documentId);
  const iso = (value: unknown) => (typeof value === 'string' ? new Date(value).toISOString() : null);
  return {
    page: shown.lastUpdate?.datetime ?? null,
    jsonLd: iso(shown.structuredData.dateModified),
    coreList: listed.body.data[0]?.lastUpdate?.datetime ?? null,
    graphqlBySlug: gql.bySlug.lastUpdate.datetime,
    graphqlList: gql.listed.lastUpdate.datetime,
    jsonFeed: iso(feedItem?.date_modified),
    sitemap: iso(sitemap.find((entry) => entry.loc.endsWith(`/${article.slug}`))?.lastmod),
    search: hit?.lastUpdate?.datetime ?? null,
  };
}

const everywhere = (value: string) => ({
  page: value,
  jsonLd: value,
  coreList: value,
  graphqlBySlug: value,
  graphqlList: value,
  jsonFeed: value,
  sitemap: value,
  search: value,
});

const publishedAtOf = async (article: ArticleDoc) => (await page(article)).publishedAt as string;

describe('readers see corrections', () => {
  it('lists them under the article, oldest first, with their time and text only, in REST and GraphQL alike', async () => {
    const article = await app.kit.article({ section, title: 'Bridge reopens' });
    expect((await page(article)).corrections).toEqual([]);
    const first = await correct(article, 'An earlier version gave the wrong date for the reopening.');
    const second = await correct(article, 'The bridge is 420 m long,\nnot 240 m.');
    const shown = await page(article);
    expect(shown.corrections).toEqual([
      { at: first.at, text: 'An earlier version gave the wrong date for the reopening.' },
      { at: second.at, text: 'The bridge is 420 m long,\nnot 240 m.' },
    ]);
    const gql = await graphqlArticle(article);
    expect(gql.bySlug.corrections).toEqual(shown.corrections);
    expect(gql.listed.corrections).toEqual(shown.corrections);
    // The admin list shows the same, and a reporter may read it.
    const listed = await reporter.get(`/newsroom-history/corrections?uid=${ARTICLE}&documentId=${article.documentId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.data).toEqual([first, second]);
  });

  it('moves "Last update" to the correction on every surface; a republication moves it on again', async () => {
    const word = uniqueWord();
    const article = await app.kit.article({ section, title: 'Storm damage', body: paragraphs(`Roofs lost in the ${word} storm.`) });
    const published = await publishedAtOf(article);
    expect(await lastUpdates(article, word)).toEqual(everywhere(published));

    const correction = await correct(article, 'The storm hit on Tuesday, not Monday.');
    expect(correction.at > published).toBe(true);
    expect(await lastUpdates(article, word)).toEqual(everywhere(correction.at));

    await app.kit.publish(ARTICLE, article.documentId);
    const republished = await publishedAtOf(article);
    expect(republished > correction.at).toBe(true);
    expect(await lastUpdates(article, word)).toEqual(everywhere(republished));
    // The correction is still listed after the republication.
    expect((await page(article)).corrections).toEqual([{ at: correction.at, text: correction.text }]);
  });

  it('leaves "Last update" alone when an editor set lastUpdatedAt', async () => {
    const word = uniqueWord();
    const set = '2026-01-02T03:04:05.000Z';
    const article = await app.kit.article({ section, title: 'Council vote', lastUpdatedAt: set, body: paragraphs(`The ${word} vote.`) });
    await correct(article, 'The vote was 7 to 4.');
    expect(await lastUpdates(article, word)).toEqual(everywhere(set));
  });

  it('never shows the draft: the page keeps the published text, and a draft publish keeps the corrections', async () => {
    const article = await app.kit.article({ section, title: 'Budget approved', body: paragraphs('Published text.') });
    await app.kit.saveDraft(article.documentId, { title: 'DRAFT headline', body: paragraphs('Unpublished draft text.') });
    const correction = await correct(article, 'The budget is 3 million, not 30 million.');
    const shown = await page(article);
    expect({ title: shown.title, body: shown.body }).toEqual({ title: 'Budget approved', body: paragraphs('Published text.') });
    expect(JSON.stringify(shown)).not.toMatch(/DRAFT headline|Unpublished draft text/);
    const gql = await app
      .http()
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .send({ query: `{ articleBySlug(slug: "${article.slug}") { title body } }` });
    expect(JSON.stringify(gql.body)).not.toMatch(/DRAFT headline|Unpublished draft text/);

    await app.kit.publish(ARTICLE, article.documentId);
    const after = await page(article);
    expect(after.title).toBe('DRAFT headline');
    expect(after.corrections).toEqual([{ at: correction.at, text: correction.text }]);
  });

  it('never takes correctedAt from a write: only a correction sets it', async () => {
    const article = await app.kit.article({ section, title: 'Harbour fire' });
    await app.strapi.documents(ARTICLE).update({ documentId: article.documentId, data: { correctedAt: '2099-01-01T00:00:00.000Z' } as never });
    await app.kit.publish(ARTICLE, article.documentId);
    const res = await editor.put(cm(ARTICLE, `/${article.documentId}`), { correctedAt: '2098-01-01T00:00:00.000Z' });
    expect(res.status).toBe(200);
    await app.kit.publish(ARTICLE, article.documentId);
    const shown = await page(article);
    expect(shown.lastUpdate.datetime).toBe(shown.publishedAt);
    const rows = await app.strapi.db.query(ARTICLE).findMany({ select: ['correctedAt'], where: { documentId: article.documentId } });
    expect(rows.map((row) => row.correctedAt)).toEqual(rows.map(() => null));
  });
});

describe('cached answers follow a correction', () => {
  it('a cached page, a revalidated page and a revalidated sitemap show it on the next request', async () => {
    const article = await app.kit.article({ section, title: 'Train timetable' });
    const url = `/api/articles/by-slug/${article.slug}`;
    const before = await get(url);
    await get(url); // now in the origin cache
    const sitemapTag = (await get('/api/sitemaps/articles/1.xml')).headers.etag;
    const indexTag = (await get('/api/sitemap.xml')).headers.etag;
    expect((await get(url).set('If-None-Match', before.headers.etag)).status).toBe(304);

    const correction = await correct(article, 'Trains run every 15 minutes, not every 50.');
    const after = await get(url);
    expect(after.body.data.corrections).toEqual([{ at: correction.at, text: correction.text }]);
    expect(after.body.data.lastUpdate.datetime).toBe(correction.at);
    expect((await get(url).set('If-None-Match', before.headers.etag)).status).toBe(200);
    expect((await get('/api/sitemaps/articles/1.xml').set('If-None-Match', sitemapTag)).status).toBe(200);
    const index = await get('/api/sitemap.xml').set('If-None-Match', indexTag);
    expect(index.status).toBe(200);
    const lastmods = (parseXml(index.text).sitemapindex.sitemap as Array<{ lastmod: string }>).map((ref) => new Date(ref.lastmod).toISOString());
    expect(lastmods).toContain(correction.at);
  });
});

describe('POST /newsroom-history/corrections refuses', () => {
  /** What a refused request must leave as it was: the corrections, the article rows and the history. */
  async function stored() {
    const [corrections, articles, versions] = await Promise.all([
      app.strapi.db.query('api::history.correction').findMany({ orderBy: { id: 'asc' } }),
      app.strapi.db.query(ARTICLE).findMany({ orderBy: { id: 'asc' } }),
      app.strapi.db.query('api::history.version').count({}),
    ]);
    return JSON.stringify({ corrections, articles, versions });
  }

  let article: ArticleDoc;
  let draftOnly: ArticleDoc;
  beforeAll(async () => {
    article = await app.kit.article({ section, title: 'Refusals' });
    draftOnly = await app.kit.article({ section, title: 'Never published', status: 'draft' });
  });

  const body = (overrides: Record<string, unknown> = {}) => ({ uid: ARTICLE, documentId: article.documentId, text: 'A fine correction.', ...overrides });

  it('an anonymous caller (401) and a reporter (403)', async () => {
    const before = await stored();
    const anonymous = await app.http().post('/newsroom-history/corrections').send(body());
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatchObject({ status: 401 });
    const asReporter = await reporter.post('/newsroom-history/corrections', body());
    expect(asReporter.status).toBe(403);
    expect(asReporter.body.error).toMatchObject({ status: 403 });
    expect(await stored()).toBe(before);
    expect((await page(article)).corrections).toEqual([]);
  });

  const refused: Array<[string, () => unknown]> = [
    ['no body fields', () => ({})],
    ['an array body', () => [body()]],
    ['an unknown field', () => body({ author: 'someone' })],
    ['another content type', () => body({ uid: 'api::section.section' })],
    ['no documentId', () => body({ documentId: undefined })],
    ['a malformed documentId', () => body({ documentId: '../etc' })],
    ['no text', () => body({ text: undefined })],
    ['a text that is not a string', () => body({ text: 42 })],
    ['an empty text', () => body({ text: '   ' })],
    ['a text over 2,000 characters', () => body({ text: 'x'.repeat(2001) })],
    ['a control character', () => body({ text: 'Bad\u0007bell' })],
  ];
  it.each(refused)('%s: 400 in Strapi error format, nothing stored', async (_name, sent) => {
    const before = await stored();
    const res = await app
      .http()
      .post('/newsroom-history/corrections')
      .set(editor.auth)
      .send(sent() as object);
    expectValidationError(res);
    expect(await stored()).toBe(before);
  });

  it('a draft-only article and an unknown documentId: 400, nothing stored', async () => {
    const before = await stored();
    for (const documentId of [draftOnly.documentId, 'nosuchdocument000000000000']) {
      const res = await editor.post('/newsroom-history/corrections', body({ documentId }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ data: null, error: expect.objectContaining({ status: 400, name: expect.any(String), message: expect.any(String) }) });
    }
    expect(await stored()).toBe(before);
  });

  it('accepts exactly 2,000 characters', async () => {
    const text = 'y'.repeat(2000);
    const done = await correct(article, text);
    expect(done.text).toBe(text);
  });
});

describe('a correction belongs to one locale', () => {
  /** The German translation of an article, published unless `published: false`; its slug. */
  async function translate(article: ArticleDoc, title: string, published = true): Promise<ArticleDoc> {
    await app.strapi.documents(ARTICLE).update({
      documentId: article.documentId,
      locale: 'de',
      // Its own slug: an update that adds a locale does not generate one (src/documents/slugs.ts).
      data: { title, slug: `${article.slug}-de`, body: paragraphs(`Erster Absatz von ${title}.`), section: section.documentId } as never,
    });
    if (published) await app.strapi.documents(ARTICLE).publish({ documentId: article.documentId, locale: 'de' });
    const row = (await app.strapi.documents(ARTICLE).findOne({ documentId: article.documentId, locale: 'de', status: 'draft' })) as { slug: string };
    return { documentId: article.documentId, slug: row.slug, title };
  }
  async function graphqlIn(article: ArticleDoc, locale: string): Promise<Json> {
    const query = `query ($id: ID!, $locale: I18NLocaleCode) {
      articles(locale: $locale, filters: { documentId: { eq: $id } }) { lastUpdate { datetime } corrections { at text } }
    }`;
    const res = await app
      .http()
      .post('/graphql')
      .set('Content-Type', 'application/json')
      .send({ query, variables: { id: article.documentId, locale } });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
    return res.body.data.articles[0];
  }

  let section: SectionDoc;
  beforeAll(async () => {
    await addLocale(app.strapi, 'de');
    section = await app.kit.section('Correction desk, translated');
    await app.strapi.documents('api::section.section').update({ documentId: section.documentId, locale: 'de', data: { name: 'Korrekturressort' } as never });
  });

  it('a German correction shows on the German page only and moves only the German "Last update"', async () => {
    const english = await app.kit.article({ section, title: 'Bridge repaired' });
    const german = await translate(english, 'Brücke repariert');
    const [englishBefore, germanBefore] = [await page(english), await page(german, 'de')];
    expect([englishBefore.title, germanBefore.title]).toEqual(['Bridge repaired', 'Brücke repariert']);

    const res = await editor.post('/newsroom-history/corrections', {
      uid: ARTICLE,
      documentId: english.documentId,
      locale: 'de',
      text: 'Die Brücke ist 420 m lang.',
    });
    expect(res.status).toBe(201);
    const correction = res.body.data as Stored;
    expect(correction).toMatchObject({ locale: 'de', text: 'Die Brücke ist 420 m lang.' });

    const [englishAfter, germanAfter] = [await page(english), await page(german, 'de')];
    expect(germanAfter.corrections).toEqual([{ at: correction.at, text: correction.text }]);
    expect(germanAfter.lastUpdate.datetime).toBe(correction.at);
    expect(englishAfter.corrections).toEqual([]);
    expect(englishAfter.lastUpdate.datetime).toBe(englishBefore.lastUpdate.datetime);
    expect((await graphqlIn(english, 'de')).corrections).toEqual([{ at: correction.at, text: correction.text }]);
    expect(await graphqlIn(english, 'en')).toEqual({ lastUpdate: { datetime: englishBefore.lastUpdate.datetime }, corrections: [] });

    // The panel of each locale lists that locale's corrections.
    const listed = async (locale?: string) =>
      (await editor.get(`/newsroom-history/corrections?uid=${ARTICLE}&documentId=${english.documentId}${locale ? `&locale=${locale}` : ''}`)).body.data;
    expect(await listed('de')).toEqual([correction]);
    expect(await listed()).toEqual([]);
    expect(await listed('en')).toEqual([]);
    // Its audit version is German.
    const audit = await editor.get(`/newsroom-history/audit?documentId=${english.documentId}&action=correct`);
    expect(audit.body.data.map((row: Json) => row.locale)).toEqual(['de']);
  });

  it('only a locale that is published may be corrected; a bad locale is a 400 naming it; nothing stored', async () => {
    const english = await app.kit.article({ section, title: 'Only in English so far' });
    await translate(english, 'Noch nicht veröffentlicht', false);
    const count = () => app.strapi.db.query('api::history.correction').count({ where: { subjectDocumentId: english.documentId } });
    const germanDraft = await editor.post('/newsroom-history/corrections', { uid: ARTICLE, documentId: english.documentId, locale: 'de', text: 'Korrektur.' });
    expect(germanDraft.status).toBe(400);
    expect(germanDraft.body.error.message).toMatch(/not published in de/);
    for (const [locale, message] of [
      ['xx', /"xx" is not offered/],
      [42, /42/],
    ] as Array<[unknown, RegExp]>) {
      const res = await editor.post('/newsroom-history/corrections', { uid: ARTICLE, documentId: english.documentId, locale, text: 'Correction.' });
      expectValidationError(res);
      expect(res.body.error.details).toMatchObject({ param: 'locale' });
      expect(res.body.error.message).toMatch(message);
    }
    expect(await count()).toBe(0);
    const rows = await app.strapi.db.query(ARTICLE).findMany({ select: ['correctedAt'], where: { documentId: english.documentId } });
    expect(rows.map((row) => row.correctedAt)).toEqual(rows.map(() => null));
  });
});
