/**
 * The demo/reference content loader (`loadSeed`): the first run creates everything in
 * `database/seed/*.json` and its German translation (`database/seed/de`, the German versions of the same
 * documents), a second run creates nothing and leaves every stored row as it was, and the reference
 * article is there, published, in section World, and in German in section Welt.
 */
import { useApp } from '../harness/app';
import { ARTICLE, SECTION, TEASER, REFERENCE_SLUG, REFERENCE_SLUG_DE, SEED_DIR, GERMAN_PAGE_ENV } from '../harness/constants';
import { documents, type Row } from '../harness/clients';
import { readReferencePage } from '../harness/reference-page';
import { isEmpty, loadSeed, readSeed, type Seed, type SeedTranslation } from '../../src/seed/seed';
import { offeredLocales } from '../../src/locales';

// The German page's words as `npm run develop` ships them (.env.example).
const app = useApp({ env: GERMAN_PAGE_ENV });
let seed: Seed;
let german: SeedTranslation;

const articles = () => documents(app, ARTICLE);
const sections = () => documents(app, SECTION);
const teasers = () => documents(app, TEASER);

interface Meta {
  tableName: string;
  attributes: Record<string, { joinTable?: { name: string } }>;
}

/** The tables that hold articles, sections, teasers, their SEO components and every link between them. */
function contentTables(): string[] {
  const metadata = (app.strapi.db as unknown as { metadata: Map<string, Meta> }).metadata;
  const tables = new Set<string>();
  for (const uid of [ARTICLE, SECTION, TEASER, 'shared.seo']) {
    const meta = metadata.get(uid);
    if (!meta) throw new Error(`No database metadata for ${uid}`);
    tables.add(meta.tableName);
    for (const attribute of Object.values(meta.attributes)) {
      if (attribute.joinTable?.name) tables.add(attribute.joinTable.name);
    }
  }
  return [...tables].sort();
}

/** Every row of every content table, in id order. */
async function dump(): Promise<Record<string, Row[]>> {
  const result: Record<string, Row[]> = {};
  for (const table of contentTables()) {
    result[table] = (await app.strapi.db.connection(table).select('*').orderBy('id')) as Row[];
  }
  return result;
}

beforeAll(async () => {
  seed = readSeed(SEED_DIR);
  german = seed.translations.find((t) => t.locale === 'de')!;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions check their shape
const textOf = (node: Json): string => (typeof node.text === 'string' ? node.text : ((node.children as Json[] | undefined) ?? []).map(textOf).join(''));
const germanCounts = () => ({ sections: german.sections.length, articles: german.articles.length });
/** Every stored article row (drafts and published versions, every locale). */
const articleRows = () => seed.articles.length + german.articles.length;

test('the seed data is a real newsroom: sections, articles and teasers, with the reference article', () => {
  expect(seed.sections.length).toBeGreaterThanOrEqual(2);
  expect(seed.articles.length).toBeGreaterThanOrEqual(2);
  expect(seed.teasers.length).toBeGreaterThanOrEqual(1);
  expect(seed.articles.map((a) => a.slug)).toContain(REFERENCE_SLUG);
});

test('the first run creates every section, article and teaser of the seed', async () => {
  expect(await isEmpty(app.strapi)).toBe(true);

  const report = await loadSeed(app.strapi, seed);
  expect(report).toEqual({
    created: { sections: seed.sections.length, articles: seed.articles.length, teasers: seed.teasers.length },
    skipped: { sections: 0, articles: 0, teasers: 0 },
    translations: { de: { created: germanCounts(), skipped: { sections: 0, articles: 0 } } },
  });
  expect(await isEmpty(app.strapi)).toBe(false);

  // Sections, with their parents.
  expect(await sections().count()).toBe(seed.sections.length);
  for (const expected of seed.sections) {
    const section = await sections().findFirst({ filters: { slug: expected.slug }, populate: ['parent'] });
    expect(section).toMatchObject({ name: expected.name, slug: expected.slug, description: expected.description });
    expect((section?.parent as Row | null)?.slug ?? null).toBe(expected.parent);
  }

  // Articles: published, in their section, with the slug and dates of the seed.
  expect(await articles().count({ status: 'published' })).toBe(seed.articles.length);
  expect(await articles().count({ status: 'draft' })).toBe(seed.articles.length);
  for (const expected of seed.articles) {
    const article = await articles().findFirst({ status: 'published', filters: { slug: expected.slug }, populate: ['section', 'seo'] });
    expect(article).toMatchObject({ title: expected.title, slug: expected.slug, byline: expected.byline });
    expect((article?.section as Row).slug).toBe(expected.section);
    expect(new Date(String(article?.publicationDate)).toISOString()).toBe(new Date(expected.firstPublishedAt).toISOString());
    if (expected.lastUpdatedAt) expect(new Date(String(article?.lastUpdatedAt)).toISOString()).toBe(new Date(expected.lastUpdatedAt).toISOString());
    else expect(article?.lastUpdatedAt).toBeNull();
    if (expected.seo) expect(article?.seo).toMatchObject(expected.seo);
    expect(article?.body).toEqual(expected.body);
    // The admin list's "Last update", on the draft and the published row: what readers see, not the load time.
    const listed = await app.strapi.db.query(ARTICLE).findMany({ select: ['readerLastUpdate'], where: { slug: expected.slug } });
    expect(listed.map((row) => new Date(row.readerLastUpdate as string | Date).toISOString())).toEqual(
      Array(2).fill(new Date(expected.lastUpdatedAt ?? expected.firstPublishedAt).toISOString()),
    );
  }

  // Teasers: published, promoting their article, filed in their section (or none).
  expect(await teasers().count({ status: 'published' })).toBe(seed.teasers.length);
  const stored = await teasers().findMany({ status: 'published', populate: ['article', 'section'], limit: 1000 });
  const key = (article: unknown, section: unknown, headline: unknown) => JSON.stringify([article, section, headline ?? null]);
  expect(stored.map((t) => key((t.article as Row | null)?.slug, (t.section as Row | null)?.slug ?? null, t.headline)).sort()).toEqual(
    seed.teasers.map((t) => key(t.article, t.section, t.headline)).sort(),
  );
});

test('the reference article is there, published, in section World (World > Europe kept)', async () => {
  const reference = await articles().findFirst({ status: 'published', filters: { slug: REFERENCE_SLUG }, populate: { section: { populate: ['children'] } } });
  expect(reference).not.toBeNull();
  expect(reference?.title).toBe("Russia seeks distance from Syria's al-Assad amid Vienna peace talks");
  expect(reference?.publishedAt).not.toBeNull();
  const section = reference?.section as Row & { children: Row[] };
  expect(section.name).toBe('World');
  expect(section.children.map((c) => c.name)).toContain('Europe');

  // Archive content keeps the date it was really published (the reader's "Last update" line).
  expect(new Date(String(reference?.publicationDate)).toISOString()).toBe('2016-05-17T16:05:00.000Z');
  expect(new Date(String(reference?.publishedAt)).toISOString()).toBe('2016-05-17T19:42:00.000Z');

  // And an anonymous reader finds it.
  const res = await app.http().get(`/api/articles?filters[slug][$eq]=${REFERENCE_SLUG}&populate=section`);
  expect(res.status).toBe(200);
  expect(res.body.data).toHaveLength(1);
  expect(res.body.data[0].section.name).toBe('World');
});

test('German: the locale is created and every translation is the German version of its English document, published with the same dates', async () => {
  expect(await offeredLocales(app.strapi)).toEqual(['de', 'en']);
  expect(german.articles.length).toBeGreaterThanOrEqual(6);

  // Sections: Welt and its child Europa, linked to the English sections.
  expect(await sections().count({ locale: 'de' })).toBe(german.sections.length);
  for (const expected of german.sections) {
    const english = await sections().findFirst({ filters: { slug: expected.translationOf }, populate: ['parent'] });
    const section = await sections().findFirst({ locale: 'de', filters: { slug: expected.slug }, populate: ['parent'] });
    expect(section).toMatchObject({ name: expected.name, slug: expected.slug, description: expected.description, locale: 'de' });
    expect(section?.documentId).toBe(english?.documentId);
    const englishParent = (english?.parent as Row | null)?.documentId ?? null;
    expect((section?.parent as Row | null)?.documentId ?? null).toBe(englishParent);
    if (englishParent) expect((section?.parent as Row).locale).toBe('de');
  }
  const europa = await sections().findFirst({ locale: 'de', filters: { slug: 'europa' }, populate: ['parent'] });
  expect((europa?.parent as Row).slug).toBe('welt');

  // Articles: published in German, in the German version of their section, with the English dates.
  expect(await articles().count({ locale: 'de', status: 'published' })).toBe(german.articles.length);
  expect(await articles().count({ locale: 'de', status: 'draft' })).toBe(german.articles.length);
  for (const expected of german.articles) {
    const original = seed.articles.find((a) => a.slug === expected.translationOf)!;
    const english = await articles().findFirst({ status: 'published', filters: { slug: original.slug }, populate: ['section'] });
    const article = await articles().findFirst({ status: 'published', locale: 'de', filters: { slug: expected.slug }, populate: ['section', 'seo'] });
    expect(article).toMatchObject({ title: expected.title, slug: expected.slug, byline: original.byline, locale: 'de' });
    expect(article?.documentId).toBe(english?.documentId);
    expect(article?.body).toEqual(expected.body);
    if (expected.seo) expect(article?.seo).toMatchObject(expected.seo);
    const section = article?.section as Row;
    expect([section.locale, section.documentId, section.slug]).toEqual([
      'de',
      (english?.section as Row).documentId,
      german.sections.find((s) => s.translationOf === original.section)?.slug,
    ]);
    expect(new Date(String(article?.publicationDate)).toISOString()).toBe(new Date(original.firstPublishedAt).toISOString());
    const shown = new Date(original.lastUpdatedAt ?? original.firstPublishedAt).toISOString();
    expect(new Date(String(article?.publishedAt)).toISOString()).toBe(shown);
    const listed = await app.strapi.db.query(ARTICLE).findMany({ select: ['readerLastUpdate'], where: { slug: expected.slug, locale: 'de' } });
    expect(listed.map((row) => new Date(row.readerLastUpdate as string | Date).toISOString())).toEqual([shown, shown]);
  }

  // The German reference page: same document as the English one, in Welt.
  const reference = await articles().findFirst({ status: 'published', locale: 'de', filters: { slug: REFERENCE_SLUG_DE }, populate: ['section'] });
  expect((reference?.section as Row).name).toBe('Welt');
  expect(new Date(String(reference?.publishedAt)).toISOString()).toBe('2016-05-17T19:42:00.000Z');
  // The English versions are untouched by their translation.
  const english = await articles().findFirst({ status: 'published', filters: { documentId: reference?.documentId } });
  expect([english?.slug, english?.locale]).toEqual([REFERENCE_SLUG, 'en']);
});

test('German reader page: GET /api/articles/by-slug/<German slug>?locale=de reads as tests/fixtures/article-page.de.txt, word for word', async () => {
  const page = readReferencePage('de');
  const res = await app.http().get(`/api/articles/by-slug/${REFERENCE_SLUG_DE}?locale=de`);
  expect(res.status).toBe(200);
  const data = res.body.data as Json;
  expect(data.title).toBe(page.title);
  expect(data.slug).toBe(REFERENCE_SLUG_DE);
  expect(data.section).toEqual({ name: 'Welt', slug: 'welt' });
  expect((data.body as Json[]).map(textOf)).toEqual(page.bodyParagraphs);
  expect(data.lastUpdate).toEqual({
    datetime: '2016-05-17T19:42:00.000Z',
    formatted: 'Di., 17.05.2016, 21:42',
    label: page.lastUpdateLine,
    timeZone: 'Europe/Berlin',
  });
  expect(data.moreFrom.title).toBe(page.moreFromHeading);
  expect(data.moreFrom.section).toEqual({ name: 'Welt', slug: 'welt' });
  expect((data.moreFrom.items as Json[]).map(({ headline, summary }) => ({ headline, summary }))).toEqual(page.items);
});

test('a second run creates nothing and leaves every row of articles, sections, teasers and their links identical', async () => {
  const tables = contentTables();
  // The dump must cover the content and the links, or the comparison proves nothing.
  expect(tables).toEqual(
    expect.arrayContaining(['articles', 'sections', 'teasers', 'articles_section_lnk', 'teasers_article_lnk', 'teasers_section_lnk', 'sections_parent_lnk']),
  );
  const before = await dump();
  expect(before.articles.length).toBe(articleRows() * 2);
  expect(before.sections.length).toBe(seed.sections.length + german.sections.length);
  expect(before.teasers_article_lnk.length).toBeGreaterThan(0);

  const report = await loadSeed(app.strapi, seed);
  expect(report).toEqual({
    created: { sections: 0, articles: 0, teasers: 0 },
    skipped: { sections: seed.sections.length, articles: seed.articles.length, teasers: seed.teasers.length },
    translations: { de: { created: { sections: 0, articles: 0 }, skipped: germanCounts() } },
  });
  expect(await dump()).toEqual(before);
  expect(await offeredLocales(app.strapi)).toEqual(['de', 'en']);
});

test("a later run does not undo an editor's changes", async () => {
  const reference = await articles().findFirst({ filters: { slug: REFERENCE_SLUG } });
  await articles().update({ documentId: reference?.documentId, data: { title: 'Russia distances itself from al-Assad (updated)' }, status: 'published' });
  const world = await sections().findFirst({ filters: { slug: 'world' } });
  await sections().update({ documentId: world?.documentId, data: { description: 'Edited by the desk.' } });
  await articles().update({
    documentId: reference?.documentId,
    locale: 'de',
    data: { title: 'Russland rückt von Assad ab (aktualisiert)' },
    status: 'published',
  });
  await sections().update({ documentId: world?.documentId, locale: 'de', data: { description: 'Vom Ressort bearbeitet.' } });
  const before = await dump();

  await loadSeed(app.strapi, seed);
  expect(await dump()).toEqual(before);
  expect((await articles().findFirst({ status: 'published', filters: { slug: REFERENCE_SLUG } }))?.title).toBe(
    'Russia distances itself from al-Assad (updated)',
  );
  expect((await sections().findFirst({ filters: { slug: 'world' } }))?.description).toBe('Edited by the desk.');
  expect((await articles().findFirst({ status: 'published', locale: 'de', filters: { slug: REFERENCE_SLUG_DE } }))?.title).toBe(
    'Russland rückt von Assad ab (aktualisiert)',
  );
  expect((await sections().findFirst({ locale: 'de', filters: { slug: 'welt' } }))?.description).toBe('Vom Ressort bearbeitet.');
});

test('a run with new seed entries adds only those', async () => {
  const extra: Seed = {
    sections: [...seed.sections, { name: 'Opinion', slug: 'opinion', description: 'Columns and commentary.', parent: null }],
    articles: [
      ...seed.articles,
      {
        title: 'Why the newsroom still needs editors',
        slug: 'why-the-newsroom-still-needs-editors',
        section: 'opinion',
        byline: 'A columnist',
        firstPublishedAt: '2017-02-01T08:00:00.000Z',
        lastUpdatedAt: null,
        seo: null,
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Because someone has to.' }] }],
      },
    ],
    teasers: [
      ...seed.teasers,
      { article: 'why-the-newsroom-still-needs-editors', section: 'opinion', headline: null, summary: null, position: 0, startsAt: null, endsAt: null },
    ],
    translations: [
      {
        ...german,
        sections: [...german.sections, { translationOf: 'opinion', name: 'Meinung', slug: 'meinung', description: 'Kolumnen und Kommentare.' }],
        articles: [
          ...german.articles,
          {
            translationOf: 'why-the-newsroom-still-needs-editors',
            title: 'Warum Redaktionen weiter Redakteure brauchen',
            slug: 'warum-redaktionen-weiter-redakteure-brauchen',
            seo: null,
            body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Weil es jemand tun muss.' }] }],
          },
        ],
      },
    ],
  };
  const report = await loadSeed(app.strapi, extra);
  expect(report.created).toEqual({ sections: 1, articles: 1, teasers: 1 });
  expect(report.skipped).toEqual({ sections: seed.sections.length, articles: seed.articles.length, teasers: seed.teasers.length });
  expect(report.translations).toEqual({ de: { created: { sections: 1, articles: 1 }, skipped: germanCounts() } });

  const added = await articles().findFirst({ status: 'published', filters: { slug: 'why-the-newsroom-still-needs-editors' }, populate: ['section'] });
  expect((added?.section as Row).slug).toBe('opinion');
  const hinzu = await articles().findFirst({
    status: 'published',
    locale: 'de',
    filters: { slug: 'warum-redaktionen-weiter-redakteure-brauchen' },
    populate: ['section'],
  });
  expect([hinzu?.documentId, (hinzu?.section as Row).slug]).toEqual([added?.documentId, 'meinung']);
  expect(await sections().count()).toBe(seed.sections.length + 1);
});
