/**
 * Search per locale (GET /api/search?locale=, GraphQL search(locale:)): a search finds the published
 * articles of one locale only (default NEWS_DEFAULT_LOCALE), counts that locale's sections, finds a
 * section by its slug within the locale, and reads words with the locale's language: German stemming on
 * PostgreSQL (`Häuser` finds `Haus`), English stemming on both databases, German words as written on
 * SQLite (FTS5 stems English only). An unknown locale is a 400.
 */
import { useApp } from '../harness/app';
import { ARTICLE, SECTION } from '../harness/constants';
import { paragraphs, type SectionDoc } from '../harness/content';
import { uniqueWord } from '../harness/search';
import { addLocale } from '../../src/locales';
import { PG_TABLE, searchIndexDrift } from '../../src/search/engine';

const app = useApp();
const word = uniqueWord;

interface Answer {
  data: Array<{ documentId: string; title: string; section: { slug: string; name: string } | null; snippet: string }>;
  meta: { locale: string; pagination: { total: number }; sections: Array<{ slug: string; name: string; count: number }> };
}

async function search(query: Record<string, string>): Promise<Answer> {
  const res = await app.http().get('/api/search').query(query);
  expect({ status: res.status, error: res.status === 200 ? null : res.body.error }).toEqual({ status: 200, error: null });
  return res.body as Answer;
}
const titles = async (query: Record<string, string>) => (await search(query)).data.map((hit) => hit.title);

/** An article in German only (a document with no English row), in the German row of `section`. */
async function germanArticle(options: { title: string; body: string; section: SectionDoc; status?: 'draft' }) {
  const row = await app.strapi.documents(ARTICLE).create({
    data: { title: options.title, body: paragraphs(options.body), section: options.section.documentId } as never,
    locale: 'de',
    ...(options.status === 'draft' ? {} : { status: 'published' as const }),
  });
  return { documentId: row.documentId, title: options.title };
}

/** A section with an English and a German row; both rows have `slug` when it is given. */
let desk: SectionDoc;
beforeAll(async () => {
  await addLocale(app.strapi, 'de');
  desk = await app.kit.section('Harbour desk');
  // The German row with the same slug as the English one: slugs are unique per locale only.
  await app.strapi.documents(SECTION).update({ documentId: desk.documentId, locale: 'de', data: { name: 'Hafenressort', slug: desk.slug } as never });
});

describe('search per locale', () => {
  it("finds a locale's articles only, counts that locale's sections, and says which locale it searched", async () => {
    const shared = word();
    const english = await app.kit.article({ section: desk, title: `Harbour festival ${shared}`, body: paragraphs('Boats and music.') });
    const german = await germanArticle({ title: `Hafenfest ${shared}`, body: 'Boote und Musik.', section: desk });

    const inEnglish = await search({ q: shared });
    expect(inEnglish.meta.locale).toBe('en');
    expect(inEnglish.data.map((hit) => hit.documentId)).toEqual([english.documentId]);
    expect(inEnglish.meta.sections).toEqual([expect.objectContaining({ slug: desk.slug, name: 'Harbour desk', count: 1 })]);
    expect(await titles({ q: shared, locale: 'en' })).toEqual([english.title]);

    const inGerman = await search({ q: shared, locale: 'de' });
    expect(inGerman.meta.locale).toBe('de');
    expect(inGerman.data.map((hit) => hit.documentId)).toEqual([german.documentId]);
    expect(inGerman.data[0].section).toEqual(expect.objectContaining({ slug: desk.slug, name: 'Hafenressort' }));
    expect(inGerman.meta.pagination.total).toBe(1);
    expect(inGerman.meta.sections).toEqual([expect.objectContaining({ slug: desk.slug, name: 'Hafenressort', count: 1 })]);
  });

  it('finds each locale of one document in its own locale, with its own words', async () => {
    const [englishWord, germanWord] = [word(), word()];
    const story = await app.kit.article({ section: desk, title: 'Ferry timetable', body: paragraphs(`The ferry ${englishWord} leaves at noon.`) });
    await app.strapi.documents(ARTICLE).update({
      documentId: story.documentId,
      locale: 'de',
      data: { title: 'Fährplan', body: paragraphs(`Die Fähre ${germanWord} fährt mittags.`), section: desk.documentId } as never,
      status: 'published',
    });
    expect(await titles({ q: englishWord })).toEqual(['Ferry timetable']);
    expect(await titles({ q: germanWord, locale: 'de' })).toEqual(['Fährplan']);
    expect(await titles({ q: germanWord })).toEqual([]);
    expect(await titles({ q: englishWord, locale: 'de' })).toEqual([]);
    expect(await searchIndexDrift(app.strapi)).toEqual({ missing: [], orphaned: [] });
  });

  it("reads words with the locale's language: German stemming on PostgreSQL, German as written on SQLite, English stemming on both", async () => {
    const [g, e] = [word(), word()];
    await germanArticle({ title: `Das alte Haus ${g}`, body: `Am Hafen stehen Wohnungen und ${g}s.`, section: desk });
    await app.kit.article({ section: desk, title: `Harbour storms ${e}`, body: paragraphs(`Three ${e}s in one night.`) });

    // English: `storm` finds `storms`, on either database (porter / english).
    expect(await titles({ q: `storm ${e}` })).toEqual([`Harbour storms ${e}`]);
    expect(await titles({ q: `${e}` })).toEqual([`Harbour storms ${e}`]);
    // The German article is never an English hit, whatever the words.
    expect(await titles({ q: `Haus ${g}` })).toEqual([]);

    expect(await titles({ q: `Haus ${g}`, locale: 'de' })).toEqual([`Das alte Haus ${g}`]);
    if (app.client === 'postgres') {
      // PostgreSQL's german configuration: Häuser, Hauses and Haus are one word; Wohnung finds Wohnungen.
      expect(await titles({ q: `Häuser ${g}`, locale: 'de' })).toEqual([`Das alte Haus ${g}`]);
      expect(await titles({ q: `Hauses Wohnung ${g}`, locale: 'de' })).toEqual([`Das alte Haus ${g}`]);
      // `und` is a German stop word: alone it finds nothing.
      expect((await search({ q: 'und', locale: 'de' })).meta.pagination.total).toBe(0);
      const [entry] = (await app.strapi.db.connection.raw(`SELECT language FROM ${PG_TABLE} WHERE title LIKE ?`, [`Das alte Haus ${g}`])).rows;
      expect(entry).toEqual({ language: 'german' });
    } else {
      // SQLite: no German stemmer; words as written, accents folded; the English plural rule is not applied to German.
      expect(await titles({ q: `Häuser ${g}`, locale: 'de' })).toEqual([]);
      expect(await titles({ q: `haus ${g}`, locale: 'de' })).toEqual([`Das alte Haus ${g}`]);
      expect(await titles({ q: `${g}s`, locale: 'de' })).toEqual([`Das alte Haus ${g}`]);
      expect(await titles({ q: `Wohnung ${g}`, locale: 'de' })).toEqual([]);
    }
  });

  it('never finds a German draft, nor the draft words of a published German article', async () => {
    const [draftWord, liveWord, editWord] = [word(), word(), word()];
    await germanArticle({ title: 'Entwurf', body: `Nur ein Entwurf ${draftWord}.`, section: desk, status: 'draft' });
    const live = await germanArticle({ title: 'Veröffentlicht', body: `Schon da ${liveWord}.`, section: desk });
    await app.strapi.documents(ARTICLE).update({
      documentId: live.documentId,
      locale: 'de',
      data: { body: paragraphs(`Schon da ${liveWord}, neu ${editWord}.`) } as never,
    });
    for (const locale of ['de', 'en']) {
      for (const q of [draftWord, editWord]) expect({ locale, q, found: await titles({ q, locale }) }).toEqual({ locale, q, found: [] });
    }
    expect(await titles({ q: liveWord, locale: 'de' })).toEqual(['Veröffentlicht']);
    expect(await searchIndexDrift(app.strapi)).toEqual({ missing: [], orphaned: [] });
  });

  it("finds the section by its slug within the locale (the English and German rows share it) and counts that locale's articles", async () => {
    const shared = word();
    const sub = await app.strapi.documents(SECTION).create({ data: { name: 'Harbour ferries', parent: desk.documentId } as never });
    await app.strapi.documents(SECTION).update({
      documentId: sub.documentId,
      locale: 'de',
      data: { name: 'Hafenfähren', slug: String(sub.slug), parent: desk.documentId } as never,
    });
    const subDoc = { documentId: sub.documentId, name: 'Harbour ferries', slug: String(sub.slug) };
    await app.kit.article({ section: subDoc, title: `Ferries ${shared}` });
    await germanArticle({ title: `Fähren ${shared}`, body: 'Text.', section: subDoc });
    await germanArticle({ title: `Ressort ${shared}`, body: 'Text.', section: desk });

    expect(await titles({ q: shared, section: desk.slug })).toEqual([`Ferries ${shared}`]);
    const german = await search({ q: shared, section: desk.slug, locale: 'de' });
    expect(german.data.map((hit) => hit.title).sort()).toEqual([`Fähren ${shared}`, `Ressort ${shared}`]);
    expect(german.meta.sections.map(({ name, count }) => ({ name, count })).sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { name: 'Hafenfähren', count: 1 },
      { name: 'Hafenressort', count: 1 },
    ]);
    expect(await titles({ q: shared, section: String(sub.slug), locale: 'de' })).toEqual([`Fähren ${shared}`]);
  });

  it.each([
    [{ q: 'ok', locale: 'fr' }, /locale "fr" is not offered; the locales are: de, en/],
    [{ q: 'ok', locale: 'not a locale' }, /^locale must be one of the offered locales: de, en \(got /],
    [{ q: 'ok', locale: 'DE_de' }, /^locale must be one of the offered locales: de, en \(got /],
  ])('answers 400 for %j', async (query, message) => {
    const res = await app.http().get('/api/search').query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.message).toMatch(message);
  });

  it('answers 400 for a locale given twice', async () => {
    const res = await app.http().get('/api/search?q=ok&locale=de&locale=en');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('locale');
  });

  it('takes an empty locale for the default one', async () => {
    expect((await search({ q: 'ok', locale: '' })).meta.locale).toBe('en');
  });
});

describe('GraphQL search(locale:)', () => {
  const gql = (query: string, variables: Record<string, unknown>) => app.http().post('/graphql').send({ query, variables });
  const SEARCH = `query ($q: String!, $locale: String, $section: String) {
    search(q: $q, locale: $locale, section: $section) {
      locale
      data { documentId title section { slug name } snippet }
      pagination { total }
      sections { slug name count }
    }
  }`;

  it('answers as REST does, in the locale asked', async () => {
    const shared = word();
    await app.kit.article({ section: desk, title: `Lighthouse ${shared}` });
    await germanArticle({ title: `Leuchtturm ${shared}`, body: `Der Leuchtturm ${shared}.`, section: desk });
    for (const locale of [undefined, 'en', 'de']) {
      const rest = await search({ q: shared, section: desk.slug, ...(locale ? { locale } : {}) });
      const res = await gql(SEARCH, { q: shared, locale, section: desk.slug });
      expect(res.body.errors).toBeUndefined();
      const answer = res.body.data.search;
      expect(answer.locale).toBe(locale ?? 'en');
      expect(answer.data).toEqual(
        rest.data.map(({ documentId, title, section, snippet }) => ({
          documentId,
          title,
          section: section && { slug: section.slug, name: section.name },
          snippet,
        })),
      );
      expect(answer.sections).toEqual(rest.meta.sections.map(({ slug, name, count }) => ({ slug, name, count })));
      expect(answer.data.map((hit: { title: string }) => hit.title)).toEqual([locale === 'de' ? `Leuchtturm ${shared}` : `Lighthouse ${shared}`]);
    }
  });

  it('refuses a locale that is not offered with a validation error naming it', async () => {
    const res = await gql(SEARCH, { q: 'ok', locale: 'fr' });
    expect(res.body.data?.search ?? null).toBeNull();
    expect(res.body.errors[0].message).toMatch(/locale "fr" is not offered/);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
