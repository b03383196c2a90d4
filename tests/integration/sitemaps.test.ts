/**
 * The sitemap index, its pages of article URLs (SITEMAP_PAGE_SIZE, newest first, with lastmod = the
 * "Last update" readers see and the cover as an image entry), the page of sections, and the Google News
 * sitemap (first published in the last 48 hours): parsed as XML and checked against what the protocols
 * require, fresh after every change, never showing what a reader may not see.
 */
import { useApp } from '../harness/app';
import { ARTICLE } from '../harness/constants';
import { daysFromNow } from '../harness/time';
import { parseXml } from '../harness/xml';

const SITE = 'https://news.example.com';
/** One Host for every request: the feeds' own URLs (and so their ETags) follow the address a request came to. */
const get = (path: string) => app.http().get(path).set('Host', 'cms.example.com');
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const app = useApp({ env: { PUBLIC_SITE_URL: SITE, SITE_NAME: 'The Example Times', SITE_LANGUAGE: 'de-CH', SITEMAP_PAGE_SIZE: '3' } });

async function xml(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
  return { doc: parseXml(res.text), res };
}

async function index() {
  const { doc } = await xml('/api/sitemap.xml');
  expect(doc.sitemapindex['@_xmlns']).toBe(SITEMAP_NS);
  return (doc.sitemapindex.sitemap ?? []) as Array<{ loc: string; lastmod?: string }>;
}

async function page(n: number) {
  const { doc } = await xml(`/api/sitemaps/articles/${n}.xml`);
  expect(doc.urlset['@_xmlns']).toBe(SITEMAP_NS);
  return (doc.urlset.url ?? []) as Array<{ loc: string; lastmod?: string; 'image:image'?: Array<{ 'image:loc': string }> }>;
}

const pathOf = (loc: string) => new URL(loc).pathname;

describe('sitemap index and pages', () => {
  it('pages the published articles newest first, SITEMAP_PAGE_SIZE per page, with lastmod and cover', async () => {
    const section = await app.kit.section('Politics');
    const cover = await app.kit.image('parliament');
    const made = [];
    for (let i = 0; i < 7; i += 1)
      made.push(await app.kit.article({ section, title: `Politics ${i}`, publicationDate: daysFromNow(-10 + i), ...(i === 6 ? { cover } : {}) }));
    await app.kit.article({ section, title: 'A draft', status: 'draft', publicationDate: daysFromNow(1) });

    const refs = await index();
    expect(refs.map((ref) => pathOf(ref.loc))).toEqual([
      '/api/sitemaps/sections.xml',
      '/api/sitemaps/articles/1.xml',
      '/api/sitemaps/articles/2.xml',
      '/api/sitemaps/articles/3.xml',
    ]);
    for (const ref of refs) expect(Number.isNaN(Date.parse(String(ref.lastmod)))).toBe(false);

    const urls = [...(await page(1)), ...(await page(2)), ...(await page(3))];
    expect(urls.map((url) => url.loc)).toEqual(made.reverse().map((article) => `${SITE}/${section.slug}/${article.slug}`));
    expect((await page(1)).length).toBe(3);
    expect(urls[0]['image:image']![0]['image:loc']).toMatch(/^https?:\/\/.+\/uploads\/parliament_.+\.jpg$/);
    expect(urls[1]['image:image']).toBeUndefined();
    expect((await get('/api/sitemaps/articles/4.xml')).status).toBe(404);
  });

  it('gives each article\'s lastmod as the "Last update" readers see, not the time a row was written', async () => {
    const section = await app.kit.section();
    const article = await app.kit.article({ section, title: 'Updated story', publicationDate: daysFromNow(5), lastUpdatedAt: '2026-01-02T03:04:05.000Z' });
    const [first] = await page(1);
    expect(first.loc).toBe(`${SITE}/${section.slug}/${article.slug}`);
    expect(new Date(String(first.lastmod)).toISOString()).toBe('2026-01-02T03:04:05.000Z');
    const pageBody = (await get(`/api/articles/by-slug/${article.slug}`)).body.data;
    expect(pageBody.lastUpdate.datetime).toBe('2026-01-02T03:04:05.000Z');
  });

  it('lists every section page', async () => {
    const section = await app.kit.section('Science');
    const { doc } = await xml('/api/sitemaps/sections.xml');
    const locs = (doc.urlset.url as Array<{ loc: string }>).map((url) => url.loc);
    expect(locs).toContain(`${SITE}/${section.slug}`);
  });

  it('refuses bad page numbers with 400 and any query parameter with 400', async () => {
    for (const bad of ['0', '01', 'abc', '1.5', '-1', '9999999']) {
      const res = await get(`/api/sitemaps/articles/${bad}.xml`);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
    }
    for (const path of ['/api/sitemap.xml?page=2', '/api/sitemaps/news.xml?since=0', '/api/sitemaps/articles/1.xml?x=1']) {
      expect((await get(path)).status).toBe(400);
    }
  });

  it('answers 304 while nothing changed, and a new document after a publish or an unpublish', async () => {
    const first = await get('/api/sitemap.xml');
    const tag = String(first.headers.etag);
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    expect((await get('/api/sitemap.xml').set('If-None-Match', tag)).status).toBe(304);
    const pageTag = String((await get('/api/sitemaps/articles/1.xml')).headers.etag);
    expect((await get('/api/sitemaps/articles/1.xml').set('If-None-Match', pageTag)).status).toBe(304);

    const section = await app.kit.section();
    const fresh = await app.kit.article({ section, title: 'Breaking', publicationDate: daysFromNow(30) });
    const after = await get('/api/sitemaps/articles/1.xml').set('If-None-Match', pageTag);
    expect(after.status).toBe(200);
    expect(parseXml(after.text).urlset.url[0].loc).toBe(`${SITE}/${section.slug}/${fresh.slug}`);
    expect((await get('/api/sitemap.xml').set('If-None-Match', tag)).status).toBe(200);

    await app.kit.unpublish(ARTICLE, fresh.documentId);
    expect((await page(1)).map((url) => url.loc)).not.toContain(`${SITE}/${section.slug}/${fresh.slug}`);
  });

  it('a cover edited in the media library changes the sitemap page ETag (no stale 304)', async () => {
    const section = await app.kit.section();
    const cover = await app.kit.image('replaced');
    await app.kit.article({ section, title: 'With a cover', publicationDate: daysFromNow(60), cover });
    const tag = String((await get('/api/sitemaps/articles/1.xml')).headers.etag);
    await app.strapi.plugin('upload').service('upload').updateFileInfo(cover.id, { alternativeText: 'A new description' });
    expect((await get('/api/sitemaps/articles/1.xml').set('If-None-Match', tag)).status).toBe(200);
  });
});

describe('Google News sitemap (/api/sitemaps/news.xml)', () => {
  it('lists the articles first published in the last 48 hours with publication, date and title', async () => {
    const section = await app.kit.section('Breaking');
    const recent = await app.kit.article({ section, title: 'Fresh & "new" <story>', publicationDate: daysFromNow(-1) });
    const old = await app.kit.article({ section, title: 'Three days old', publicationDate: daysFromNow(-3) });
    await app.kit.article({ section, title: 'Not yet published', status: 'draft', publicationDate: daysFromNow(-1) });
    const dated = await app.kit.article({ section, title: 'Dated tomorrow by its editor', publicationDate: daysFromNow(1) });
    const { doc } = await xml('/api/sitemaps/news.xml');
    expect(doc.urlset['@_xmlns']).toBe(SITEMAP_NS);
    expect(doc.urlset['@_xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    const urls = doc.urlset.url as Array<{ loc: string; 'news:news': Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed XML
    const locs = urls.map((url) => url.loc);
    expect(locs).toContain(`${SITE}/${section.slug}/${recent.slug}`);
    expect(locs).not.toContain(`${SITE}/${section.slug}/${old.slug}`);
    expect(locs).not.toContain(`${SITE}/${section.slug}/${dated.slug}`);
    expect(urls.length).toBeLessThanOrEqual(1000);
    const news = urls.find((url) => url.loc.endsWith(recent.slug))!['news:news'];
    expect(news['news:publication']['news:name']).toBe('The Example Times');
    // The language of the locale served (the default, en): SITE_LANGUAGE (de-CH) is not a form of it.
    expect(news['news:publication']['news:language']).toBe('en');
    expect(news['news:title']).toBe('Fresh & "new" <story>');
    expect(Number.isNaN(Date.parse(String(news['news:publication_date'])))).toBe(false);
    for (const url of urls) expect(String(url['news:news']['news:title'])).not.toBe('Not yet published');
  });
});
