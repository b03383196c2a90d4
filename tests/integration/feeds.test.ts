/**
 * RSS 2.0 and JSON Feed 1.1 of the whole site and of a section (its sub-sections included): the newest
 * published articles by first publication, with links to the public site (PUBLIC_SITE_URL, ARTICLE_PATH),
 * escaped whatever editors type, fresh on the next request after a publish, unpublish or edit, and
 * nothing a reader may not see.
 */
import { useApp } from '../harness/app';
import { ARTICLE, SECTION } from '../harness/constants';
import { paragraphs, type SectionDoc } from '../harness/content';
import { daysFromNow } from '../harness/time';
import { parseXml } from '../harness/xml';

const SITE = 'https://news.example.com';
/** One Host for every request: the feeds' own URLs (and so their ETags) follow the address a request came to. */
const get = (path: string) => app.http().get(path).set('Host', 'cms.example.com');
const app = useApp({ env: { PUBLIC_SITE_URL: SITE, SITE_NAME: 'The Example Times', SITE_LANGUAGE: 'en-GB', FEED_ITEMS: '5' } });

type Rss = { channel: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed XML

async function rss(path: string): Promise<Rss> {
  const res = await get(path);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
  return parseXml(res.text).rss as Rss;
}

async function jsonFeed(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
  return JSON.parse(res.text) as { version: string; title: string; feed_url: string; home_page_url: string; items: Array<Record<string, unknown>> };
}

const items = (feed: Rss): Array<Record<string, any>> => feed.channel.item ?? []; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed XML
const titles = (feed: Rss) => items(feed).map((item) => String(item.title));

async function subSection(name: string, parent: SectionDoc): Promise<SectionDoc> {
  const row = await app.strapi.documents(SECTION).create({ data: { name, parent: parent.documentId } as never });
  return { documentId: row.documentId, name: String(row.name), slug: String(row.slug) };
}

/** Articles dated in the future sort above everything else in the site-wide feed. */
let ahead = 100;
const top = () => daysFromNow((ahead += 1));

describe('RSS 2.0 (/api/feed.xml)', () => {
  it('lists the newest published articles by first publication, FEED_ITEMS at most, with every item element', async () => {
    const section = await app.kit.section('World');
    const cover = await app.kit.image('harbour');
    const created = [];
    for (let i = 0; i < 6; i += 1) {
      created.push(
        await app.kit.article({
          section,
          title: `World story ${i}`,
          publicationDate: top(),
          cover,
          body: paragraphs(`Paragraph ${i} of the story.`, 'Second.'),
        }),
      );
    }
    const feed = await rss('/api/feed.xml');
    const { channel } = feed;
    expect(channel.title).toBe('The Example Times');
    expect(channel.link).toBe(`${SITE}/`);
    expect(channel.language).toBe('en-GB');
    expect(Number(channel.ttl)).toBeGreaterThanOrEqual(1);
    expect(Number.isNaN(Date.parse(String(channel.lastBuildDate)))).toBe(false);
    expect(channel['atom:link']['@_rel']).toBe('self');
    expect(channel['atom:link']['@_href']).toBe('http://cms.example.com/api/feed.xml');
    // Five items (FEED_ITEMS=5), newest first: stories 5..1; story 0 is the sixth.
    expect(titles(feed)).toEqual(['World story 5', 'World story 4', 'World story 3', 'World story 2', 'World story 1']);
    const [first] = items(feed);
    const newest = created[5];
    expect(first.link).toBe(`${SITE}/${section.slug}/${newest.slug}`);
    expect(first.guid['#text']).toBe(newest.documentId);
    expect(first.guid['@_isPermaLink']).toBe('false');
    expect(first.description).toBe('Paragraph 5 of the story.');
    expect(first['content:encoded']).toContain('<p>Paragraph 5 of the story.</p>');
    expect(first.category).toEqual(['World']);
    const media = first['media:content'][0];
    expect(media['@_url']).toMatch(/^https?:\/\/.+\/uploads\/harbour_.+\.jpg$/);
    expect(media['@_medium']).toBe('image');
    const page = (await get(`/api/articles/by-slug/${newest.slug}`)).body.data;
    expect(new Date(String(first.pubDate)).toISOString()).toBe(new Date(page.publicationDate).toISOString().replace(/\.\d{3}Z$/, '.000Z'));
  });

  it('shows the byline as dc:creator and omits what an article does not have', async () => {
    const section = await app.kit.section();
    const bare = await app.kit.article({ section, title: 'No cover, no byline', publicationDate: top() });
    let feed = await rss('/api/feed.xml');
    let item = items(feed).find((candidate) => candidate.guid['#text'] === bare.documentId)!;
    expect(item['dc:creator']).toBeUndefined();
    expect(item['media:content']).toBeUndefined();
    await app.strapi.documents(ARTICLE).update({ documentId: bare.documentId, data: { byline: 'Jane Doe' } as never });
    await app.kit.publish(ARTICLE, bare.documentId);
    feed = await rss('/api/feed.xml');
    item = items(feed).find((candidate) => candidate.guid['#text'] === bare.documentId)!;
    expect(item['dc:creator']).toBe('Jane Doe');
  });

  it('stays well-formed whatever an editor types: markup escaped, characters XML forbids dropped', async () => {
    const section = await app.kit.section();
    const title = 'Tom & Jerry </title><script>alert(1)</script> ]]> "quoted" \u0001\u000B end';
    const body = [
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: '<b>not bold</b> & ]]> \u0001' },
          { type: 'link', url: 'https://example.com/?a=1&b="2"', children: [{ type: 'text', text: '<click>' }] },
        ],
      },
    ];
    const article = await app.kit.article({ section, title, body, publicationDate: top() });
    const feed = await rss('/api/feed.xml');
    const item = items(feed).find((candidate) => candidate.guid['#text'] === article.documentId)!;
    expect(item.title).toBe('Tom & Jerry </title><script>alert(1)</script> ]]> "quoted"  end');
    const html = String(item['content:encoded']);
    expect(html).toContain('&lt;b&gt;not bold&lt;/b&gt; &amp; ]]&gt;');
    expect(html).toContain('<a href="https://example.com/?a=1&amp;b=%222%22">&lt;click&gt;</a>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('\u0001');
  });
});

describe('section feeds (/api/sections/:slug/feed.xml and .json)', () => {
  it("include the sub-sections' articles, not the parent's or a sibling's", async () => {
    const europe = await app.kit.section('Europe');
    const france = await subSection('France', europe);
    const paris = await subSection('Paris', france);
    const asia = await app.kit.section('Asia');
    await app.kit.article({ section: europe, title: 'In Europe', publicationDate: daysFromNow(-3) });
    await app.kit.article({ section: france, title: 'In France', publicationDate: daysFromNow(-2) });
    await app.kit.article({ section: paris, title: 'In Paris', publicationDate: daysFromNow(-1) });
    await app.kit.article({ section: asia, title: 'In Asia', publicationDate: daysFromNow(-1) });
    expect(titles(await rss(`/api/sections/${europe.slug}/feed.xml`))).toEqual(['In Paris', 'In France', 'In Europe']);
    expect(titles(await rss(`/api/sections/${france.slug}/feed.xml`))).toEqual(['In Paris', 'In France']);
    const json = await jsonFeed(`/api/sections/${france.slug}/feed.json`);
    expect(json.items.map((item) => item.title)).toEqual(['In Paris', 'In France']);
    const channel = (await rss(`/api/sections/${france.slug}/feed.xml`)).channel;
    expect(channel.title).toBe('France | The Example Times');
    expect(channel.link).toBe(`${SITE}/${france.slug}`);
  });

  it('answer 404 for an unknown section and 400 for any query parameter', async () => {
    const missing = await get('/api/sections/no-such-section/feed.xml');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('no-such-section');
    expect((await get('/api/sections/no-such-section/feed.json')).status).toBe(404);
    for (const query of ['limit=5', 'populate=*', 'filters[title][$eq]=x', 'status=draft']) {
      const res = await get(`/api/feed.xml?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
    }
  });
});

describe('JSON Feed 1.1 (/api/feed.json)', () => {
  it('has the required keys and the same items as the RSS feed', async () => {
    const section = await app.kit.section();
    await app.kit.article({ section, title: 'Shared item', publicationDate: top() });
    const [json, xml] = [await jsonFeed('/api/feed.json'), await rss('/api/feed.xml')];
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.title).toBe('The Example Times');
    expect(json.home_page_url).toBe(`${SITE}/`);
    expect(json.feed_url).toMatch(/\/api\/feed\.json$/);
    expect(json.items.map((item) => item.id)).toEqual(items(xml).map((item) => item.guid['#text']));
    expect(json.items.map((item) => item.url)).toEqual(items(xml).map((item) => item.link));
    for (const item of json.items) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.content_html).toBe('string');
      expect(Number.isNaN(Date.parse(String(item.date_published)))).toBe(false);
    }
  });
});

describe('freshness and visibility', () => {
  it('a publish, an edit and an unpublish show on the next request; drafts and scheduled articles never do', async () => {
    const section = await app.kit.section();
    const draft = await app.kit.article({ section, title: 'Draft only', status: 'draft', publicationDate: top() });
    await app.strapi.documents(ARTICLE).create({
      data: { title: 'Embargoed', section: section.documentId, scheduledAt: daysFromNow(1), publicationDate: top() } as never,
    });
    const feedPath = `/api/sections/${section.slug}/feed.xml`;
    const before = await get(feedPath);
    expect(titles(parseXml(before.text).rss as Rss)).toEqual([]);

    await app.kit.publish(ARTICLE, draft.documentId);
    const published = await get(feedPath).set('If-None-Match', String(before.headers.etag));
    expect(published.status).toBe(200);
    expect(titles(parseXml(published.text).rss as Rss)).toEqual(['Draft only']);

    await app.kit.saveDraft(draft.documentId, { title: 'Draft only, edited' });
    expect(titles(await rss(feedPath))).toEqual(['Draft only']);
    await app.kit.publish(ARTICLE, draft.documentId);
    expect(titles(await rss(feedPath))).toEqual(['Draft only, edited']);

    await app.kit.unpublish(ARTICLE, draft.documentId);
    expect(titles(await rss(feedPath))).toEqual([]);
    expect(titles(await rss('/api/feed.xml'))).not.toContain('Draft only, edited');
    expect((await jsonFeed('/api/feed.json')).items.map((item) => item.title)).not.toContain('Embargoed');
  });

  it('answers 304 while nothing changed, with public Cache-Control', async () => {
    const first = await get('/api/feed.json');
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+$/);
    const again = await get('/api/feed.json').set('If-None-Match', String(first.headers.etag));
    expect(again.status).toBe(304);
  });
});

describe('a feed larger than a reader answer may be (READER_MAX_RESPONSE_BYTES)', () => {
  it('leaves out the oldest items until it fits, instead of answering 400', async () => {
    await app.restart({ READER_MAX_RESPONSE_BYTES: '6000' });
    const section = await app.kit.section('Long reads');
    for (let i = 0; i < 5; i += 1) {
      await app.kit.article({ section, title: `Long read ${i}`, publicationDate: daysFromNow(-5 + i), body: paragraphs(`Paragraph ${i} `.repeat(150)) });
    }
    for (const path of [`/api/sections/${section.slug}/feed.xml`, `/api/sections/${section.slug}/feed.json`]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(Buffer.byteLength(res.text)).toBeLessThanOrEqual(6000);
    }
    const kept = titles(await rss(`/api/sections/${section.slug}/feed.xml`));
    expect(kept.length).toBeGreaterThanOrEqual(1);
    expect(kept.length).toBeLessThan(5);
    expect(kept).toEqual(['Long read 4', 'Long read 3', 'Long read 2', 'Long read 1', 'Long read 0'].slice(0, kept.length));
  });
});

describe('without PUBLIC_SITE_URL', () => {
  it('every feed route answers 404 saying what to set; the rest of the API works', async () => {
    await app.restart({ PUBLIC_SITE_URL: '' });
    for (const path of [
      '/api/feed.xml',
      '/api/feed.json',
      '/api/sitemap.xml',
      '/api/sitemaps/news.xml',
      '/api/sitemaps/sections.xml',
      '/api/sitemaps/articles/1.xml',
    ]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('PUBLIC_SITE_URL');
    }
    expect((await get('/api/articles')).status).toBe(200);
  });
});
