/**
 * The reader API speaks a locale (issue 17): `?locale=` on the article page, "More from", the preview and
 * the core reads, `locale` on GraphQL. Every answer is of the locale asked for (its words and dates too),
 * an article page lists its published translations, a locale not offered is a 400 naming those that are,
 * and the locales of one document are published, unpublished and scheduled independently.
 */
import { useApp } from '../harness/app';
import { paragraphs, unique, type SectionDoc } from '../harness/content';
import { expectValidationError, rejectionOf } from '../harness/clients';
import { ARTICLE, SECTION } from '../harness/constants';
import { addLocale } from '../../src/locales';
import { publishDue } from '../../src/scheduling/publish-due';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions check their shape

const SECRET = 'preview-secret-for-locale-tests-0123456789';
const SITE = 'https://news.example.com';
const app = useApp({
  env: {
    PREVIEW_SECRET: SECRET,
    PUBLIC_SITE_URL: SITE,
    NEWS_TIMEZONE: 'UTC',
    NEWS_DATE_FORMAT: 'EEE, dd/MM/yyyy - HH:mm',
    NEWS_LOCALE_DE_TIMEZONE: 'Europe/Berlin',
    NEWS_LOCALE_DE_DATE_FORMAT: 'EEE, dd.MM.yyyy, HH:mm',
    NEWS_LOCALE_DE_DATE_LOCALE: 'de',
    NEWS_LOCALE_DE_LAST_UPDATE_LABEL: 'Letzte Aktualisierung:',
    NEWS_LOCALE_DE_MORE_FROM_TITLE: 'Mehr aus {section}',
  },
});

const articles = () => app.strapi.documents(ARTICLE);
const get = (path: string) => app.http().get(path);
const pageOf = (slug: string, locale?: string) => get(`/api/articles/by-slug/${slug}${locale ? `?locale=${locale}` : ''}`);

interface Localised {
  documentId: string;
  en: { slug: string; title: string } | null;
  de: { slug: string; title: string } | null;
}

let world: SectionDoc & { nameDe: string; slugDe: string };
/** Published in English and German, with different "Last update" dates. */
let both: Localised;
/** Published in English only. */
let englishOnly: Localised;
/** Published in German only. */
let germanOnly: Localised;
/** Published in English, its German translation a draft. */
let germanDraft: Localised;

/**
 * A slug for a title. Given explicitly: a localization added with `update` gets no slug from the slug
 * middleware (src/documents/slugs.ts generates them on create only).
 */
const slugOf = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A section with its German localization. */
async function bilingualSection(): Promise<typeof world> {
  const name = unique('World');
  const en = await app.strapi.documents(SECTION).create({ data: { name } as never });
  const nameDe = unique('Welt');
  const de = await app.strapi.documents(SECTION).update({ documentId: en.documentId, locale: 'de', data: { name: nameDe, slug: slugOf(nameDe) } as never });
  return { documentId: en.documentId, name, slug: String(en.slug), nameDe, slugDe: String(de?.slug) };
}

/** Sets one locale of an article: created (no `documentId`) or added/updated; published unless `status: 'draft'`. */
async function writeLocale(
  locale: 'en' | 'de',
  data: Record<string, unknown>,
  options: { documentId?: string; status?: 'draft' | 'published' } = {},
): Promise<{ documentId: string; slug: string; title: string }> {
  const title = typeof data.title === 'string' ? data.title : unique(locale === 'de' ? 'Bericht' : 'Story');
  const full = { title, slug: slugOf(title), body: paragraphs(`${title}: first paragraph.`), section: world.documentId, ...data } as never;
  const status = options.status === 'draft' ? {} : { status: 'published' as const };
  const row = options.documentId
    ? await articles().update({ documentId: options.documentId, locale, data: full, ...status })
    : await articles().create({ locale, data: full, ...status });
  if (!row) throw new Error('no row written');
  return { documentId: row.documentId, slug: String(row.slug), title };
}

/** Changes one locale of an article and publishes it. */
const editLocale = (documentId: string, locale: 'en' | 'de', data: Record<string, unknown>) =>
  articles().update({ documentId, locale, data: data as never, status: 'published' });

beforeAll(async () => {
  await addLocale(app.strapi, 'de');
  world = await bilingualSection();
  const enBoth = await writeLocale('en', {
    title: unique('Vienna talks'),
    lastUpdatedAt: '2016-05-17T19:42:00.000Z',
    publicationDate: '2016-05-17T10:00:00.000Z',
  });
  const deBoth = await writeLocale(
    'de',
    { title: unique('Gespräche in Wien'), lastUpdatedAt: '2016-05-17T19:42:00.000Z', publicationDate: '2016-05-17T10:00:00.000Z' },
    { documentId: enBoth.documentId },
  );
  both = { documentId: enBoth.documentId, en: enBoth, de: deBoth };
  const en = await writeLocale('en', { title: unique('English only'), publicationDate: '2016-05-16T10:00:00.000Z' });
  englishOnly = { documentId: en.documentId, en, de: null };
  const de = await writeLocale('de', { title: unique('Nur deutsch'), publicationDate: '2016-05-16T10:00:00.000Z' });
  germanOnly = { documentId: de.documentId, en: null, de };
  const enDraft = await writeLocale('en', { title: unique('Translation pending'), publicationDate: '2016-05-15T10:00:00.000Z' });
  const deDraft = await writeLocale('de', { title: unique('Übersetzung in Arbeit') }, { documentId: enDraft.documentId, status: 'draft' });
  germanDraft = { documentId: enDraft.documentId, en: enDraft, de: deDraft };
});

describe('GET /api/articles/by-slug/:slug?locale=', () => {
  test('serves the page of the locale asked for, in its words and time zone, with the published translations', async () => {
    const res = await pageOf(both.de!.slug, 'de');
    expect(res.status).toBe(200);
    const page = res.body.data as Json;
    expect(page).toMatchObject({ documentId: both.documentId, locale: 'de', title: both.de!.title, slug: both.de!.slug });
    expect(page).not.toHaveProperty('requestedLocale');
    expect(page.section).toEqual({ name: world.nameDe, slug: world.slugDe });
    expect(page.lastUpdate).toEqual({
      datetime: '2016-05-17T19:42:00.000Z',
      formatted: 'Di., 17.05.2016, 21:42',
      label: 'Letzte Aktualisierung: Di., 17.05.2016, 21:42',
      timeZone: 'Europe/Berlin',
    });
    expect(page.moreFrom.title).toBe(`Mehr aus ${world.nameDe}`);
    expect(page.alternates).toEqual([
      { locale: 'de', slug: both.de!.slug, url: `${SITE}/de/${world.slugDe}/${both.de!.slug}` },
      { locale: 'en', slug: both.en!.slug, url: `${SITE}/${world.slug}/${both.en!.slug}` },
    ]);
  });

  test('without a locale: NEWS_DEFAULT_LOCALE, in English words', async () => {
    const page = (await pageOf(both.en!.slug)).body.data as Json;
    expect(page).toMatchObject({ locale: 'en', title: both.en!.title });
    expect(page.lastUpdate.label).toBe('Last update: Tue, 17/05/2016 - 19:42');
    expect(page.moreFrom.title).toBe(`More from ${world.name}`);
    expect((await pageOf(both.en!.slug, 'en')).body.data).toEqual(page);
  });

  test('"More from" lists articles of the same locale only', async () => {
    const de = ((await pageOf(both.de!.slug, 'de')).body.data as Json).moreFrom.items.map((item: Json) => item.slug);
    expect(de).toEqual([germanOnly.de!.slug]);
    const en = ((await pageOf(both.en!.slug, 'en')).body.data as Json).moreFrom.items.map((item: Json) => item.slug);
    expect(en).toEqual([englishOnly.en!.slug, germanDraft.en!.slug]);
  });

  test('alternates list published translations only: a German draft is not among them, nor served', async () => {
    const page = (await pageOf(germanDraft.en!.slug)).body.data as Json;
    expect(page.alternates).toEqual([{ locale: 'en', slug: germanDraft.en!.slug, url: `${SITE}/${world.slug}/${germanDraft.en!.slug}` }]);
    expect(JSON.stringify(page)).not.toContain(germanDraft.de!.title);
    expect((await pageOf(germanDraft.de!.slug, 'de')).status).toBe(404);
  });

  test('a missing translation is a 404 (no NEWS_LOCALE_FALLBACK)', async () => {
    const res = await pageOf(englishOnly.en!.slug, 'de');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ status: 404, name: 'NotFoundError' });
    expect((await pageOf(germanOnly.de!.slug)).status).toBe(404);
  });

  test('a slug may repeat across locales: two different pages', async () => {
    const german = await writeLocale('de', { title: unique('Anderer Bericht') });
    // The reader's part: the slugs' own rule (per locale) is the slug middleware's (src/documents/slugs.ts).
    await app.strapi.db.query(ARTICLE).updateMany({ where: { documentId: german.documentId, locale: 'de' }, data: { slug: englishOnly.en!.slug } });
    const en = (await pageOf(englishOnly.en!.slug, 'en')).body.data as Json;
    const de = (await pageOf(englishOnly.en!.slug, 'de')).body.data as Json;
    expect(en).toMatchObject({ documentId: englishOnly.documentId, locale: 'en', title: englishOnly.en!.title });
    expect(de).toMatchObject({ documentId: german.documentId, locale: 'de', title: german.title });
    await articles().delete({ documentId: german.documentId, locale: '*' });
  });

  test('the same slug twice in one locale is refused', async () => {
    const error = await rejectionOf(writeLocale('de', { title: unique('Doppelt'), slug: germanOnly.de!.slug }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/slug/);
  });

  test.each([['fr'], ['xx'], ['*'], ['all'], ['de-de-de-de-de'], ['en;drop']])('locale=%s: a 400 naming the offered locales', async (locale) => {
    const res = await pageOf(both.en!.slug, encodeURIComponent(locale));
    expectValidationError(res, /locale.*de, en/);
    expect(JSON.stringify(res.body)).not.toContain(both.en!.title);
  });
});

describe('GET /api/sections/:slug/more-from?locale=', () => {
  test("the section of that locale, its articles only, the title in its words, `exclude` by that locale's slug", async () => {
    const res = await get(`/api/sections/${world.slugDe}/more-from?locale=de&exclude=${both.de!.slug}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ locale: 'de', title: `Mehr aus ${world.nameDe}`, section: { name: world.nameDe, slug: world.slugDe } });
    expect(res.body.data.items.map((item: Json) => item.slug)).toEqual([germanOnly.de!.slug]);
    const all = await get(`/api/sections/${world.slugDe}/more-from?locale=de`);
    expect(all.body.data.items.map((item: Json) => item.slug)).toEqual([both.de!.slug, germanOnly.de!.slug]);
  });

  test('English by default; the German slug of the section is no English section', async () => {
    const res = await get(`/api/sections/${world.slug}/more-from`);
    expect(res.body.data).toMatchObject({ locale: 'en', title: `More from ${world.name}` });
    expect(res.body.data.items.map((item: Json) => item.slug)).toEqual([both.en!.slug, englishOnly.en!.slug, germanDraft.en!.slug]);
    expect((await get(`/api/sections/${world.slugDe}/more-from`)).status).toBe(404);
    expectValidationError(await get(`/api/sections/${world.slug}/more-from?locale=fr`), /de, en/);
  });
});

describe('GET /api/preview/articles/:documentId?locale=', () => {
  const preview = (documentId: string, query: string) => get(`/api/preview/articles/${documentId}?secret=${SECRET}&${query}`);

  test('the draft of the locale asked for', async () => {
    const de = await preview(germanDraft.documentId, 'locale=de');
    expect(de.status).toBe(200);
    expect(de.body.data).toMatchObject({ locale: 'de', title: germanDraft.de!.title });
    const en = await preview(germanDraft.documentId, 'status=published');
    expect(en.body.data).toMatchObject({ locale: 'en', title: germanDraft.en!.title });
    expect((await preview(englishOnly.documentId, 'locale=de')).status).toBe(404);
    expectValidationError(await preview(germanDraft.documentId, 'locale=*'), /locale/);
  });
});

describe('core reads: /api/articles, /api/articles/:documentId, /api/sections, /api/teasers', () => {
  test('a list of one locale, each "Last update" from that locale\'s row and in its words', async () => {
    await editLocale(both.documentId, 'de', { lastUpdatedAt: '2016-03-27T00:59:00.000Z' });
    const res = await get('/api/articles?locale=de');
    expect(res.status).toBe(200);
    const titles = (res.body.data as Json[]).map((item) => item.title);
    expect(titles.sort()).toEqual([both.de!.title, germanOnly.de!.title].sort());
    const german = (res.body.data as Json[]).find((item) => item.documentId === both.documentId)!;
    expect(german.locale).toBe('de');
    expect(german.lastUpdate).toMatchObject({ datetime: '2016-03-27T00:59:00.000Z', label: 'Letzte Aktualisierung: So., 27.03.2016, 01:59' });

    const single = await get(`/api/articles/${both.documentId}?locale=de`);
    expect(single.body.data).toMatchObject({ title: both.de!.title, locale: 'de' });
    expect(single.body.data.lastUpdate.label).toBe('Letzte Aktualisierung: So., 27.03.2016, 01:59');
    const english = await get(`/api/articles/${both.documentId}`);
    expect(english.body.data).toMatchObject({ title: both.en!.title, locale: 'en' });
    expect(english.body.data.lastUpdate.label).toBe('Last update: Tue, 17/05/2016 - 19:42');
  });

  test('daylight saving: the minute before and after the switch in Europe/Berlin', async () => {
    await editLocale(both.documentId, 'de', { lastUpdatedAt: '2016-03-27T01:00:00.000Z' });
    expect(((await pageOf(both.de!.slug, 'de')).body.data as Json).lastUpdate.label).toBe('Letzte Aktualisierung: So., 27.03.2016, 03:00');
    await editLocale(both.documentId, 'de', { lastUpdatedAt: '2016-03-27T00:59:00.000Z' });
    expect(((await pageOf(both.de!.slug, 'de')).body.data as Json).lastUpdate.label).toBe('Letzte Aktualisierung: So., 27.03.2016, 01:59');
    await editLocale(both.documentId, 'de', { lastUpdatedAt: '2016-05-17T19:42:00.000Z' });
  });

  test('sections and teasers of one locale', async () => {
    const sections = await get(`/api/sections?locale=de&filters[slug][$eq]=${world.slugDe}`);
    expect(sections.body.data.map((section: Json) => section.name)).toEqual([world.nameDe]);
    const teaser = await app.strapi.documents('api::teaser.teaser').create({
      locale: 'de',
      data: { article: both.documentId, section: world.documentId, headline: unique('Anriss') } as never,
      status: 'published',
    });
    const de = await get('/api/teasers?locale=de');
    expect(de.body.data.map((item: Json) => item.documentId)).toContain(teaser.documentId);
    const en = await get('/api/teasers');
    expect(en.body.data.map((item: Json) => item.documentId)).not.toContain(teaser.documentId);
  });

  test.each([['/api/articles?locale=fr'], ['/api/articles?locale=*'], ['/api/articles?locale=all'], ['/api/sections?locale=fr'], ['/api/teasers?locale=xx']])(
    '%s: a 400 naming the offered locales, no drafts of any locale',
    async (path) => {
      const res = await get(path);
      expectValidationError(res, /locale/);
      expect(JSON.stringify(res.body)).not.toContain(germanDraft.de!.title);
    },
  );

  test('locale=* and all give no article of any locale, drafts least', async () => {
    for (const value of ['*', 'all', '%2A']) {
      const res = await get(`/api/articles/${germanDraft.documentId}?locale=${value}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('de, en');
    }
  });
});

describe('GraphQL', () => {
  async function graphql(query: string, variables: Record<string, unknown> = {}) {
    const res = await app.http().post('/graphql').set('Content-Type', 'application/json').send({ query, variables });
    return { status: res.status, data: (res.body.data ?? null) as Json | null, errors: res.body.errors as Json[] | undefined };
  }

  test('articleBySlug(locale) with the custom fields in that locale', async () => {
    const res = await graphql(
      `
        query ($slug: String!, $locale: I18NLocaleCode) {
          articleBySlug(slug: $slug, locale: $locale) {
            documentId
            locale
            title
            lastUpdate {
              label
              timeZone
            }
            alternates {
              locale
              slug
              url
            }
            moreFrom {
              title
              items {
                slug
              }
            }
          }
        }
      `,
      { slug: both.de!.slug, locale: 'de' },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.articleBySlug).toEqual({
      documentId: both.documentId,
      locale: 'de',
      title: both.de!.title,
      lastUpdate: { label: 'Letzte Aktualisierung: Di., 17.05.2016, 21:42', timeZone: 'Europe/Berlin' },
      alternates: [
        { locale: 'de', slug: both.de!.slug, url: `${SITE}/de/${world.slugDe}/${both.de!.slug}` },
        { locale: 'en', slug: both.en!.slug, url: `${SITE}/${world.slug}/${both.en!.slug}` },
      ],
      moreFrom: { title: `Mehr aus ${world.nameDe}`, items: [{ slug: germanOnly.de!.slug }] },
    });
    const english = await graphql(`{ articleBySlug(slug: "${both.de!.slug}") { title } }`);
    expect(english.data!.articleBySlug).toBeNull();
  });

  test('articles(locale) and sections(locale) { moreFrom } follow the locale of their rows', async () => {
    const res = await graphql(
      `{
        articles(locale: "de", filters: { slug: { eq: "${both.de!.slug}" } }) { locale title lastUpdate { label } moreFrom { title items { slug } } }
        sections(locale: "de", filters: { slug: { eq: "${world.slugDe}" } }) { name moreFrom { title items { slug } } }
      }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.articles).toEqual([
      {
        locale: 'de',
        title: both.de!.title,
        lastUpdate: { label: 'Letzte Aktualisierung: Di., 17.05.2016, 21:42' },
        moreFrom: { title: `Mehr aus ${world.nameDe}`, items: [{ slug: germanOnly.de!.slug }] },
      },
    ]);
    expect(res.data!.sections).toEqual([
      { name: world.nameDe, moreFrom: { title: `Mehr aus ${world.nameDe}`, items: [{ slug: both.de!.slug }, { slug: germanOnly.de!.slug }] } },
    ]);
  });

  test.each([
    ['a literal not offered', '{ articles(locale: "fr") { title } }', {}],
    ['a variable not offered', 'query ($l: I18NLocaleCode) { articles(locale: $l) { title } }', { l: 'fr' }],
    ['* as a literal', '{ articles(locale: "*") { title } }', {}],
    ['* as a variable', 'query ($l: I18NLocaleCode) { articles(locale: $l) { title } }', { l: '*' }],
    ['all as a variable', 'query ($l: I18NLocaleCode) { article(documentId: "x", locale: $l) { title } }', { l: 'all' }],
    ['on articleBySlug', `query ($l: I18NLocaleCode) { articleBySlug(slug: "x", locale: $l) { title } }`, { l: 'fr' }],
  ])('%s: a 400 naming the offered locales', async (_label, query, variables) => {
    const res = await graphql(query, variables);
    expect(res.status).toBe(400);
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions.error.name).toBe('ValidationError');
    expect(res.errors![0].message).toMatch(/locale.*de, en/);
    expect(JSON.stringify(res)).not.toContain(germanDraft.de!.title);
  });
});

describe('locales are published, unpublished and scheduled independently', () => {
  const visibleTitle = async (slug: string, locale: string) => {
    const res = await pageOf(slug, locale);
    return res.status === 200 ? String((res.body.data as Json).title) : res.status;
  };
  const rowsOf = async (documentId: string, locale: string) =>
    (await app.strapi.db.query(ARTICLE).findMany({ where: { documentId, locale }, orderBy: { id: 'asc' } })) as Json[];

  test('publishing and unpublishing German leaves the English page and rows as they were', async () => {
    const en = await writeLocale('en', { title: unique('Independent') });
    const de = await writeLocale('de', { title: unique('Unabhängig') }, { documentId: en.documentId, status: 'draft' });
    const englishRows = await rowsOf(en.documentId, 'en');
    expect(await visibleTitle(de.slug, 'de')).toBe(404);

    await articles().publish({ documentId: en.documentId, locale: 'de' });
    expect(await visibleTitle(de.slug, 'de')).toBe(de.title);
    expect(await visibleTitle(en.slug, 'en')).toBe(en.title);
    expect(await rowsOf(en.documentId, 'en')).toEqual(englishRows);

    await articles().unpublish({ documentId: en.documentId, locale: 'de' });
    expect(await visibleTitle(de.slug, 'de')).toBe(404);
    expect(await visibleTitle(en.slug, 'en')).toBe(en.title);
    expect(await rowsOf(en.documentId, 'en')).toEqual(englishRows);
    expect((await rowsOf(en.documentId, 'de')).map((row) => row.title)).toEqual([de.title]);
  });

  test('unpublishing English leaves the German page', async () => {
    const en = await writeLocale('en', { title: unique('Withdrawn') });
    const de = await writeLocale('de', { title: unique('Bleibt') }, { documentId: en.documentId });
    await articles().unpublish({ documentId: en.documentId, locale: 'en' });
    expect(await visibleTitle(en.slug, 'en')).toBe(404);
    expect(await visibleTitle(de.slug, 'de')).toBe(de.title);
    expect(((await pageOf(de.slug, 'de')).body.data as Json).alternates.map((item: Json) => item.locale)).toEqual(['de']);
  });

  test('a German draft scheduled is published alone by the run; the English page and draft stay as they were', async () => {
    const en = await writeLocale('en', { title: unique('On time') });
    const due = new Date(Date.now() - 60_000);
    const de = await writeLocale('de', { title: unique('Pünktlich'), scheduledAt: due.toISOString() }, { documentId: en.documentId, status: 'draft' });
    await articles().update({ documentId: en.documentId, locale: 'en', data: { title: `${en.title} (draft edit)` } as never });
    const englishRows = await rowsOf(en.documentId, 'en');

    const run = await publishDue(app.strapi, new Date());
    expect(run.failed).toEqual([]);
    expect(run.published).toContain(en.documentId);
    expect(await visibleTitle(de.slug, 'de')).toBe(de.title);
    expect(await visibleTitle(en.slug, 'en')).toBe(en.title);
    expect(await rowsOf(en.documentId, 'en')).toEqual(englishRows);
  });

  test('an English draft scheduled is published alone; the German page stays as it was', async () => {
    const en = await writeLocale('en', { title: unique('Later in English') }, { status: 'draft' });
    const de = await writeLocale('de', { title: unique('Schon deutsch') }, { documentId: en.documentId });
    const due = new Date(Date.now() - 60_000);
    await articles().update({ documentId: en.documentId, locale: 'en', data: { scheduledAt: due.toISOString() } as never });
    const germanRows = await rowsOf(en.documentId, 'de');

    await publishDue(app.strapi, new Date());
    expect(await visibleTitle(en.slug, 'en')).toBe(en.title);
    expect(await visibleTitle(de.slug, 'de')).toBe(de.title);
    expect(await rowsOf(en.documentId, 'de')).toEqual(germanRows);
  });
});

// Last: restarts the app on the same database with a fallback locale.
describe('NEWS_LOCALE_FALLBACK', () => {
  beforeAll(() => app.reboot({ NEWS_LOCALE_FALLBACK: 'en' }));

  test('a missing translation is served in the fallback locale, and says so', async () => {
    const res = await pageOf(englishOnly.en!.slug, 'de');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: englishOnly.documentId, locale: 'en', requestedLocale: 'de', title: englishOnly.en!.title });
    expect(res.body.data.moreFrom.title).toBe(`More from ${world.name}`);
  });

  test('a German draft is not served; its published English version is', async () => {
    const page = (await pageOf(germanDraft.en!.slug, 'de')).body.data as Json;
    expect(page).toMatchObject({ locale: 'en', requestedLocale: 'de', title: germanDraft.en!.title });
    expect(JSON.stringify(page)).not.toContain(germanDraft.de!.title);
  });

  test('a published translation is served as asked, without requestedLocale; unknown slugs stay 404', async () => {
    const page = (await pageOf(both.de!.slug, 'de')).body.data as Json;
    expect(page.locale).toBe('de');
    expect(page).not.toHaveProperty('requestedLocale');
    expect((await pageOf('no-such-article', 'de')).status).toBe(404);
    expectValidationError(await pageOf(both.de!.slug, 'fr'), /de, en/);
  });
});
