import { NEWS_SITEMAP_MAX_URLS, newsSitemapXml, sitemapIndexXml, sitemapPageStream } from '../../src/distribution/sitemaps';
import type { SitemapUrl } from '../../src/distribution/types';
import { HOSTILE, HOSTILE_CLEAN, parse } from './distribution-xml';

/** Everything the stream produces, or its error. */
function collect(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    stream.on('data', (chunk: string | Buffer) => chunks.push(chunk.toString()));
    stream.on('end', () => resolve(chunks.join('')));
    stream.on('error', reject);
  });
}
async function* pageUrls(count: number, failAfter = Infinity): AsyncGenerator<SitemapUrl> {
  for (let i = 0; i < count; i += 1) {
    if (i === failAfter) throw new Error('database went away');
    yield {
      url: `https://news.example.com/a/${i}?x=1&y=2`,
      lastmod: '2026-11-26T09:15:00Z',
      image: i === 0 ? { url: 'https://cms.example.com/uploads/c.jpg', title: HOSTILE, caption: null } : null,
      alternates: [],
    };
  }
}

describe('sitemaps', () => {
  it('lists each sitemap page in the index', () => {
    const index = parse(
      sitemapIndexXml([
        { url: 'https://news.example.com/sitemap-1.xml', lastmod: '2026-11-26T09:15:00Z' },
        { url: 'https://news.example.com/sitemap-2.xml', lastmod: null },
      ]),
    ).sitemapindex;
    expect(index['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(index.sitemap.map((entry: { loc: string }) => entry.loc)).toEqual([
      'https://news.example.com/sitemap-1.xml',
      'https://news.example.com/sitemap-2.xml',
    ]);
    expect(index.sitemap[0].lastmod).toBe('2026-11-26T09:15:00.000Z');
  });

  it('streams a page of URLs with last changes and cover images', async () => {
    const urlset = parse(await collect(sitemapPageStream(pageUrls(3)))).urlset;
    expect(urlset['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(urlset['@_xmlns:image']).toBe('http://www.google.com/schemas/sitemap-image/1.1');
    expect(urlset.url).toHaveLength(3);
    expect(urlset.url[1]).toMatchObject({ loc: 'https://news.example.com/a/1?x=1&y=2', lastmod: '2026-11-26T09:15:00.000Z' });
    expect(urlset.url[0]['image:image']).toEqual({ 'image:loc': 'https://cms.example.com/uploads/c.jpg', 'image:title': HOSTILE_CLEAN });
  });

  it('streams an empty page as an empty urlset', async () => {
    const urlset = parse(await collect(sitemapPageStream(pageUrls(0)))).urlset;
    expect(urlset.url).toBeUndefined();
    expect(urlset['@_xmlns:xhtml']).toBe('http://www.w3.org/1999/xhtml');
  });

  it('names each language version of a URL as xhtml:link rel="alternate" hreflang, leaving out unusable ones', async () => {
    const entry: SitemapUrl = {
      url: 'https://news.example.com/world/vote',
      lastmod: null,
      image: null,
      alternates: [
        { hreflang: 'de', url: 'https://news.example.com/de/welt/wahl' },
        { hreflang: 'en', url: 'https://news.example.com/world/vote' },
        { hreflang: 'pt-BR', url: 'https://news.example.com/pt-BR/mundo/voto?a=1&b=2' },
        { hreflang: 'x-default', url: 'https://news.example.com/world/vote' },
        { hreflang: 'de', url: '/relative/is/not/a/sitemap/url' },
        { hreflang: '"><evil', url: 'https://news.example.com/x' },
      ],
    };
    const urlset = parse(await collect(sitemapPageStream([entry]))).urlset;
    expect(urlset['@_xmlns:xhtml']).toBe('http://www.w3.org/1999/xhtml');
    const links = [urlset.url[0]['xhtml:link']].flat() as Array<Record<string, string>>;
    expect(links.map((link) => [link['@_rel'], link['@_hreflang'], link['@_href']])).toEqual([
      ['alternate', 'de', 'https://news.example.com/de/welt/wahl'],
      ['alternate', 'en', 'https://news.example.com/world/vote'],
      ['alternate', 'pt-BR', 'https://news.example.com/pt-BR/mundo/voto?a=1&b=2'],
      ['alternate', 'x-default', 'https://news.example.com/world/vote'],
    ]);
  });

  it('fails the stream when the source fails mid-way', async () => {
    await expect(collect(sitemapPageStream(pageUrls(10, 2)))).rejects.toThrow('database went away');
  }, 5000);

  it('reads the source only as fast as the reader takes the page', async () => {
    let pulled = 0;
    let closed = false;
    async function* endless(): AsyncGenerator<SitemapUrl> {
      try {
        for (;;) {
          pulled += 1;
          yield { url: `https://news.example.com/a/${pulled}`, lastmod: null, image: null, alternates: [] };
        }
      } finally {
        closed = true;
      }
    }
    const stream = sitemapPageStream(endless());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled).toBeLessThan(1000);
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(closed).toBe(true);
  });

  it('writes the Google News sitemap with publication, date and title', () => {
    const urls = Array.from({ length: NEWS_SITEMAP_MAX_URLS + 5 }, (_, i) => ({
      url: `https://news.example.com/a/${i}`,
      title: HOSTILE,
      publishedAt: '2026-11-26T09:15:00Z',
    }));
    const urlset = parse(newsSitemapXml({ name: 'The Daily', language: 'de-CH' }, urls)).urlset;
    expect(urlset['@_xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    expect(urlset.url).toHaveLength(NEWS_SITEMAP_MAX_URLS);
    expect(urlset.url[0]['news:news']).toEqual({
      'news:publication': { 'news:name': 'The Daily', 'news:language': 'de' },
      'news:publication_date': '2026-11-26T09:15:00.000Z',
      'news:title': HOSTILE_CLEAN,
    });
    for (const [language, expected] of [
      ['zh-Hant-TW', 'zh-tw'],
      ['zh-CN', 'zh-cn'],
      ['EN', 'en'],
    ]) {
      const [entry] = parse(newsSitemapXml({ name: 'The Daily', language }, urls.slice(0, 1))).urlset.url;
      expect(entry['news:news']['news:publication']['news:language']).toBe(expected);
    }
  });
});
