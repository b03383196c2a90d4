/**
 * Feeds and sitemaps per locale (issue 17): `?locale=` on every feed and sitemap route; a locale's feed
 * lists that locale's published articles only, in its language, linked under `/<locale>`; the sitemap index
 * lists each locale's sitemaps; an article URL names its document's published translations (and the
 * default locale's as x-default) as hreflang alternates, never a draft; a translation published or
 * unpublished is a new sitemap (no stale 304); a locale not offered is a 400.
 */
import { useApp } from '../harness/app';
import { ARTICLE, SECTION } from '../harness/constants';
import { paragraphs, type ArticleDoc, type SectionDoc } from '../harness/content';
import { daysFromNow } from '../harness/time';
import { parseXml } from '../harness/xml';
import { addLocale } from '../../src/locales';

const SITE = 'https://news.example.com';
const API = 'http://cms.example.com/api';
const get = (path: string) => app.http().get(path).set('Host', 'cms.example.com');
const app = useApp({ env: { PUBLIC_SITE_URL: SITE, SITE_NAME: 'The Example Times', SITEMAP_PAGE_SIZE: '50' } });

type Parsed = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed XML

beforeAll(async () => {
  await addLocale(app.strapi, 'de');
  await addLocale(app.strapi, 'fr');
});

/** The `locale` row of an existing section (sections have no drafts). */
async function translateSection(section: SectionDoc, locale: string, name: string): Promise<SectionDoc> {
  // An empty slug: generated from the name (a new locale's row gets none otherwise, src/documents/slugs.ts).
  const row = await app.strapi.documents(SECTION).update({ documentId: section.documentId, locale, data: { name, slug: '' } as never });
  return { documentId: section.documentId, name, slug: String(row!.slug) };
}

/**
 * The `locale` version of an existing article, filed in `section` (its row of that locale, which must exist),
 * saved as a draft and published unless `draft`.
 */
async function translateArticle(article: { documentId: string }, section: SectionDoc, locale: string, title: string, draft = false): Promise<ArticleDoc> {
  const row = await app.strapi.documents(ARTICLE).update({
    documentId: article.documentId,
    locale,
    data: { title, slug: '', body: paragraphs(`${title}.`), publicationDate: daysFromNow(-1), section: section.documentId } as never,
  });
  if (!draft) await app.strapi.documents(ARTICLE).publish({ documentId: article.documentId, locale });
  return { documentId: article.documentId, slug: String(row!.slug), title };
}

async function xml(path: string): Promise<Parsed> {
  const res = await get(path);
  expect(res.status).toBe(200);
  return parseXml(res.text);
}

type UrlEntry = { loc: string; 'xhtml:link'?: Parsed | Parsed[] };
const urlsOf = (doc: Parsed): UrlEntry[] => (doc.urlset.url ?? []) as UrlEntry[];
/** An entry's alternates as `hreflang -> href`. */
const alternatesOf = (entry: UrlEntry | undefined): Record<string, string> =>
  Object.fromEntries([entry?.['xhtml:link'] ?? []].flat().map((link: Parsed) => [String(link['@_hreflang']), String(link['@_href'])]));

/** The whole sitemap of a locale (null: the default locale's, whose pages have no `?locale=`): every article page the index lists for it. */
async function articleUrls(locale: string | null): Promise<UrlEntry[]> {
  const index = await xml('/api/sitemap.xml');
  const pages = ((index.sitemapindex.sitemap ?? []) as Array<{ loc: string }>)
    .map((ref) => ref.loc)
    .filter((loc) => loc.includes('/sitemaps/articles/') && (locale === null ? !loc.includes('?') : loc.endsWith(`?locale=${locale}`)));
  const out: UrlEntry[] = [];
  for (const page of pages) out.push(...urlsOf(await xml(page.replace(API, '/api'))));
  return out;
}

describe('feeds per locale', () => {
  it('the German feed lists only German published articles, in German, linked under /de; the default feed none of them', async () => {
    const world = await app.kit.section('World');
    const welt = await translateSection(world, 'de', 'Welt');
    const english = await app.kit.article({ section: world, title: 'Election results', publicationDate: daysFromNow(200) });
    const german = await translateArticle(english, world, 'de', 'Wahlergebnisse');
    await translateArticle(
      await app.kit.article({ section: world, title: 'Only a German draft', publicationDate: daysFromNow(201) }),
      world,
      'de',
      'Entwurf',
      true,
    );

    const de = parseXml((await get('/api/feed.xml?locale=de')).text).rss.channel as Parsed;
    expect(de.language).toBe('de');
    expect(de.link).toBe(`${SITE}/de/`);
    expect(de['atom:link']['@_href']).toBe(`${API}/feed.xml?locale=de`);
    const deItems = [de.item ?? []].flat() as Parsed[];
    expect(deItems.map((item) => item.title)).toEqual(['Wahlergebnisse']);
    expect(deItems[0].link).toBe(`${SITE}/de/${welt.slug}/${german.slug}`);

    const en = parseXml((await get('/api/feed.xml')).text).rss.channel as Parsed;
    expect(en.language).toBe('en');
    const enTitles = ([en.item ?? []].flat() as Parsed[]).map((item) => String(item.title));
    expect(enTitles).toContain('Election results');
    expect(enTitles).not.toContain('Wahlergebnisse');
    expect(enTitles).not.toContain('Entwurf');
    // ?locale=en is the default locale's feed, pointing to the same self URL.
    expect(parseXml((await get('/api/feed.xml?locale=en')).text).rss.channel['atom:link']['@_href']).toBe(`${API}/feed.xml`);

    const json = JSON.parse((await get('/api/feed.json?locale=de')).text) as Parsed;
    expect(json.language).toBe('de');
    expect((json.items as Parsed[]).map((item) => item.title)).toEqual(['Wahlergebnisse']);
    expect(json.items[0].url).toBe(`${SITE}/de/${welt.slug}/${german.slug}`);
  });

  it("a section feed finds the section by its slug in the feed's locale", async () => {
    const sport = await app.kit.section('Sport news');
    const sportDe = await translateSection(sport, 'de', 'Sportnachrichten');
    const english = await app.kit.article({ section: sport, title: 'Cup final', publicationDate: daysFromNow(-2) });
    await translateArticle(english, sport, 'de', 'Pokalfinale');

    const de = parseXml((await get(`/api/sections/${sportDe.slug}/feed.xml?locale=de`)).text).rss.channel as Parsed;
    expect(de.language).toBe('de');
    expect(de.link).toBe(`${SITE}/de/${sportDe.slug}`);
    expect(([de.item ?? []].flat() as Parsed[]).map((item) => item.title)).toEqual(['Pokalfinale']);
    const en = parseXml((await get(`/api/sections/${sport.slug}/feed.xml`)).text).rss.channel as Parsed;
    expect(([en.item ?? []].flat() as Parsed[]).map((item) => item.title)).toEqual(['Cup final']);
    // The German slug names no English section, and the English one no German section.
    expect((await get(`/api/sections/${sportDe.slug}/feed.xml`)).status).toBe(404);
    expect((await get(`/api/sections/${sport.slug}/feed.json?locale=de`)).status).toBe(404);
  });

  it('a locale that is not offered, or is no locale code, is a 400 on every feed and sitemap route', async () => {
    const section = await app.kit.section();
    for (const path of [
      '/api/feed.xml',
      '/api/feed.json',
      `/api/sections/${section.slug}/feed.xml`,
      `/api/sections/${section.slug}/feed.json`,
      '/api/sitemap.xml',
      '/api/sitemaps/sections.xml',
      '/api/sitemaps/articles/1.xml',
      '/api/sitemaps/news.xml',
    ]) {
      for (const locale of ['it', '..%2Fde', 'de&locale=fr']) {
        const res = await get(`${path}?locale=${locale}`);
        expect([path, locale, res.status, res.body?.error?.name]).toEqual([path, locale, 400, 'ValidationError']);
      }
    }
    const res = await get('/api/feed.xml?locale=it');
    expect(res.body.error.message).toContain('de');
  });
});

describe('sitemaps per locale, with hreflang', () => {
  it('the index lists each locale with content; article URLs carry every published translation and x-default, never a draft', async () => {
    const world = await app.kit.section('International');
    const welt = await translateSection(world, 'de', 'International DE');
    const monde = await translateSection(world, 'fr', 'International FR');
    const both = await app.kit.article({ section: world, title: 'Summit ends', publicationDate: daysFromNow(-3) });
    const bothDe = await translateArticle(both, world, 'de', 'Gipfel endet');
    const bothFr = await translateArticle(both, world, 'fr', 'Fin du sommet', true);
    const lonely = await app.kit.article({ section: world, title: 'English only', publicationDate: daysFromNow(-3) });

    const index = ((await xml('/api/sitemap.xml')).sitemapindex.sitemap as Array<{ loc: string }>).map((ref) => ref.loc);
    expect(index[0]).toBe(`${API}/sitemaps/sections.xml`);
    expect(index).toContain(`${API}/sitemaps/articles/1.xml`);
    expect(index).toContain(`${API}/sitemaps/sections.xml?locale=de`);
    expect(index).toContain(`${API}/sitemaps/articles/1.xml?locale=de`);
    expect(index.indexOf(`${API}/sitemaps/articles/1.xml`)).toBeLessThan(index.indexOf(`${API}/sitemaps/sections.xml?locale=de`));
    // French has a section but no published article yet: its sections page only.
    expect(index).toContain(`${API}/sitemaps/sections.xml?locale=fr`);
    expect(index).not.toContain(`${API}/sitemaps/articles/1.xml?locale=fr`);
    const onlyDe = ((await xml('/api/sitemap.xml?locale=de')).sitemapindex.sitemap as Array<{ loc: string }>).map((ref) => ref.loc);
    expect(onlyDe).toEqual([`${API}/sitemaps/sections.xml?locale=de`, `${API}/sitemaps/articles/1.xml?locale=de`]);

    const englishUrl = `${SITE}/${world.slug}/${both.slug}`;
    const germanUrl = `${SITE}/de/${welt.slug}/${bothDe.slug}`;
    const en = await articleUrls(null);
    const de = await articleUrls('de');
    expect(urlsOf(await xml('/api/sitemaps/articles/1.xml')).length).toBeGreaterThan(0);
    expect(en.map((url) => url.loc)).toContain(englishUrl);
    expect(en.map((url) => url.loc)).not.toContain(germanUrl);
    expect(de.map((url) => url.loc)).toContain(germanUrl);
    expect(de.every((url) => url.loc.startsWith(`${SITE}/de/`))).toBe(true);

    const expected = { en: englishUrl, de: germanUrl, 'x-default': englishUrl };
    const entryOf = (urls: UrlEntry[], loc: string) => urls.find((url) => url.loc === loc);
    expect(alternatesOf(entryOf(en, englishUrl))).toEqual(expected);
    expect(alternatesOf(entryOf(de, germanUrl))).toEqual(expected);
    // The French draft is nowhere: not an alternate, not in a French page.
    expect(JSON.stringify([en, de])).not.toContain(bothFr.slug);
    // A document in one language has no alternates.
    expect(alternatesOf(en.find((url) => url.loc === `${SITE}/${world.slug}/${lonely.slug}`))).toEqual({});

    const sectionsDe = urlsOf(await xml('/api/sitemaps/sections.xml?locale=de')).map((url) => url.loc);
    expect(sectionsDe).toContain(`${SITE}/de/${welt.slug}`);
    expect(sectionsDe).not.toContain(`${SITE}/${world.slug}`);
    expect(urlsOf(await xml('/api/sitemaps/sections.xml?locale=fr')).map((url) => url.loc)).toContain(`${SITE}/fr/${monde.slug}`);
    expect((await get('/api/sitemaps/articles/1.xml?locale=fr')).status).toBe(404);

    // Published, the French version joins every version's alternates.
    await app.strapi.documents(ARTICLE).publish({ documentId: both.documentId, locale: 'fr' });
    const frenchUrl = `${SITE}/fr/${monde.slug}/${bothFr.slug}`;
    const withFrench = { ...expected, fr: frenchUrl };
    expect(alternatesOf(entryOf(await articleUrls('de'), germanUrl))).toEqual(withFrench);
    expect(alternatesOf(entryOf(await articleUrls(null), englishUrl))).toEqual(withFrench);
    expect(alternatesOf((await articleUrls('fr'))[0])).toEqual(withFrench);
    expect((await articleUrls('fr')).map((url) => url.loc)).toEqual([frenchUrl]);
  });

  it('a document without a published default-locale version has no x-default', async () => {
    const desk = await app.kit.section('Feuilleton EN');
    const deskDe = await translateSection(desk, 'de', 'Feuilleton');
    const deskFr = await translateSection(desk, 'fr', 'Culture');
    const english = await app.kit.article({ section: desk, title: 'Opera review', status: 'draft' });
    const de = await translateArticle(english, desk, 'de', 'Opernkritik');
    const fr = await translateArticle(english, desk, 'fr', "Critique d'opéra");
    const germanUrl = `${SITE}/de/${deskDe.slug}/${de.slug}`;
    const entry = (await articleUrls('de')).find((url) => url.loc === germanUrl);
    expect(alternatesOf(entry)).toEqual({ de: germanUrl, fr: `${SITE}/fr/${deskFr.slug}/${fr.slug}` });
    expect(JSON.stringify(await articleUrls(null))).not.toContain(germanUrl);
  });

  it("publishing or unpublishing a translation changes the other locales' sitemap ETags (no stale 304)", async () => {
    const section = await app.kit.section('Economy');
    await translateSection(section, 'de', 'Wirtschaft');
    const article = await app.kit.article({ section, title: 'Rates rise', publicationDate: daysFromNow(300) });
    const tag = async (path: string) => String((await get(path)).headers.etag);
    const stale = async (path: string, etag: string) => (await get(path).set('If-None-Match', etag)).status;

    const pageTag = await tag('/api/sitemaps/articles/1.xml');
    const indexTag = await tag('/api/sitemap.xml');
    expect(await stale('/api/sitemaps/articles/1.xml', pageTag)).toBe(304);
    const german = await translateArticle(article, section, 'de', 'Zinsen steigen');
    expect(await stale('/api/sitemaps/articles/1.xml', pageTag)).toBe(200);
    expect(await stale('/api/sitemap.xml', indexTag)).toBe(200);
    const first = urlsOf(await xml('/api/sitemaps/articles/1.xml'))[0];
    expect(alternatesOf(first).de).toContain(german.slug);

    const afterPublish = await tag('/api/sitemaps/articles/1.xml');
    await app.strapi.documents(ARTICLE).unpublish({ documentId: article.documentId, locale: 'de' });
    expect(await stale('/api/sitemaps/articles/1.xml', afterPublish)).toBe(200);
    expect(alternatesOf(urlsOf(await xml('/api/sitemaps/articles/1.xml'))[0])).toEqual({});
  });

  it('the Google News sitemap of a locale lists its recent articles with its language', async () => {
    const section = await app.kit.section('Latest');
    const latest = await translateSection(section, 'de', 'Neueste');
    const article = await app.kit.article({ section, title: 'Storm warning', publicationDate: daysFromNow(-1) });
    const german = await translateArticle(article, section, 'de', 'Sturmwarnung');
    const urls = [(await xml('/api/sitemaps/news.xml?locale=de')).urlset.url ?? []].flat() as Parsed[];
    const mine = urls.find((url) => url.loc === `${SITE}/de/${latest.slug}/${german.slug}`)!;
    expect(mine['news:news']['news:publication']['news:language']).toBe('de');
    expect(mine['news:news']['news:title']).toBe('Sturmwarnung');
    expect(urls.every((url) => String(url.loc).startsWith(`${SITE}/de/`))).toBe(true);
    const english = [(await xml('/api/sitemaps/news.xml')).urlset.url ?? []].flat() as Parsed[];
    expect(english.map((url) => url.loc)).not.toContain(`${SITE}/de/${latest.slug}/${german.slug}`);
    expect(english.find((url) => String(url.loc).endsWith(article.slug))!['news:news']['news:publication']['news:language']).toBe('en');
  });
});
