/**
 * schema.org NewsArticle structured data on the article page (`structuredData` of GET
 * /api/articles/by-slug/:slug and of the preview): what a search engine reads about the article,
 * built from the same fields the reader sees, with the public site's addresses and image URLs on PUBLIC_URL.
 */
import { useApp } from '../harness/app';
import { ARTICLE, REFERENCE_SLUG } from '../harness/constants';
import { unique } from '../harness/content';

const SECRET = 'preview-secret-for-tests-0123456789';
const app = useApp({ seed: true, env: { PREVIEW_SECRET: SECRET } });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely; the assertions check their shape

/** ISO 8601 as JSON-LD dates are written: a UTC instant with milliseconds. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let origin: string;

/** The article page of `slug`, fetched over HTTP from the app's own origin. */
async function pageOf(slug: string): Promise<Json> {
  const response = await fetch(`${origin}/api/articles/by-slug/${slug}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as Json).data;
}

/** A cover as the upload plugin leaves a local upload: relative URLs, with renditions. */
async function coverWithRenditions(): Promise<{ id: number; hash: string }> {
  const hash = `vienna_${Date.now()}`;
  const rendition = (name: string, width: number) => ({ url: `/uploads/${name}_${hash}.jpg`, width, height: Math.round((width * 9) / 16), mime: 'image/jpeg' });
  const row = await app.strapi.db.query('plugin::upload.file').create({
    data: {
      name: 'vienna.jpg',
      alternativeText: 'Foreign ministers in Vienna',
      hash,
      ext: '.jpg',
      mime: 'image/jpeg',
      size: 120.5,
      width: 1600,
      height: 900,
      url: `/uploads/${hash}.jpg`,
      provider: 'local',
      formats: { thumbnail: rendition('thumbnail', 245), small: rendition('small', 500), medium: rendition('medium', 750), large: rendition('large', 1000) },
    },
  });
  return { id: Number(row.id), hash };
}

/** Expects the JSON-LD essentials every NewsArticle must have, and ISO 8601 dates where there are dates. */
function expectValidNewsArticle(data: Json) {
  expect(data['@context']).toBe('https://schema.org');
  expect(data['@type']).toBe('NewsArticle');
  expect(typeof data.headline).toBe('string');
  expect([...data.headline].length).toBeLessThanOrEqual(110);
  for (const key of ['datePublished', 'dateModified']) {
    if (key in data) {
      expect(data[key]).toMatch(ISO_INSTANT);
      expect(new Date(data[key]).toISOString()).toBe(data[key]);
    }
  }
  for (const url of [data.url, data.mainEntityOfPage?.['@id']].filter(Boolean)) expect(new URL(url).protocol).toMatch(/^https?:$/);
  // Images: absolute on PUBLIC_URL, or as the upload provider stored them (`/uploads/...`) without it.
  for (const url of data.image ?? []) expect(url).toMatch(/^(https?:\/\/|\/uploads\/)/);
}

let cover: { id: number; hash: string };

beforeAll(async () => {
  origin = await app.url();
  // The seed's reference article has neither byline nor cover: give it both, as an editor would, and republish.
  cover = await coverWithRenditions();
  const articles = app.strapi.documents(ARTICLE);
  const reference = await articles.findFirst({ filters: { slug: REFERENCE_SLUG }, fields: ['documentId'] });
  if (!reference) throw new Error('seed article missing');
  await articles.update({ documentId: reference.documentId, data: { byline: 'By Jane Doe and John Roe', cover: cover.id } as never });
  await articles.publish({ documentId: reference.documentId });
});

describe('structured data of the reference article', () => {
  test('names the article as the page shows it: headline, dates, authors, publisher, section, address, language, description', async () => {
    const page = await pageOf(REFERENCE_SLUG);
    const data = page.structuredData;
    expectValidNewsArticle(data);
    expect(data).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: "Russia seeks distance from Syria's al-Assad amid Vienna peace talks",
      datePublished: '2016-05-17T16:05:00.000Z',
      dateModified: page.lastUpdate.datetime,
      author: [
        { '@type': 'Person', name: 'Jane Doe' },
        { '@type': 'Person', name: 'John Roe' },
      ],
      publisher: { '@type': 'Organization', name: 'The Example Times', url: 'https://news.example.com/' },
      image: [`/uploads/${cover.hash}.jpg`, `/uploads/large_${cover.hash}.jpg`, `/uploads/medium_${cover.hash}.jpg`],
      articleSection: 'World',
      mainEntityOfPage: { '@type': 'WebPage', '@id': `https://news.example.com/world/${REFERENCE_SLUG}` },
      url: `https://news.example.com/world/${REFERENCE_SLUG}`,
      inLanguage: 'en',
      description: page.seo.metaDescription,
    });
    // The same values the page itself carries.
    expect(data.headline).toBe(page.title);
    expect(data.datePublished).toBe(page.publicationDate);
    expect(data.articleSection).toBe(page.section.name);
    expect(page.byline).toBe('By Jane Doe and John Roe');
  });

  test('without PUBLIC_URL the images are the stored paths, the same whatever Host the page was asked through', async () => {
    const page = await pageOf(REFERENCE_SLUG);
    expect(page.structuredData.image[0]).toBe(page.cover.url);
    const viaOtherHost = await app.http().get(`/api/articles/by-slug/${REFERENCE_SLUG}`).set('Host', 'elsewhere.example.org');
    expect(viaOtherHost.body.data.structuredData).toEqual(page.structuredData);
    // The cover in the page stays as the upload provider stored it.
    expect(page.cover.url).toBe(`/uploads/${cover.hash}.jpg`);
  });
});

describe('structured data of other articles', () => {
  test('an article without cover, byline or SEO has no image or author, and is described by its excerpt', async () => {
    const section = await app.kit.section();
    const plain = await app.kit.article({ section, title: unique('Plain story') });
    const page = await pageOf(plain.slug);
    const data = page.structuredData;
    expectValidNewsArticle(data);
    expect(data).not.toHaveProperty('image');
    expect(data).not.toHaveProperty('author');
    expect(data.description).toBe(`First paragraph of ${plain.title}.`);
    expect(data.articleSection).toBe(section.name);
    expect(data.mainEntityOfPage['@id']).toBe(`https://news.example.com/${section.slug}/${plain.slug}`);
    expect(data.datePublished).toBe(page.publicationDate ?? page.publishedAt);
    expect(data.dateModified).toBe(page.lastUpdate.datetime);
  });

  test('a title longer than 110 characters is cut on a word with "…" in the headline; the page keeps the whole title', async () => {
    const title = `${unique('Long')} ${'negotiations continue late into the night '.repeat(4)}`.trim();
    const section = await app.kit.section();
    const long = await app.kit.article({ section, title });
    const page = await pageOf(long.slug);
    const { headline } = page.structuredData;
    expect(page.title).toBe(title);
    expect([...headline].length).toBeLessThanOrEqual(110);
    expect(headline.endsWith('…')).toBe(true);
    expect(title.startsWith(headline.slice(0, -1))).toBe(true);
    expect(title[headline.length - 1]).toBe(' ');
  });

  test('the preview of a draft carries structured data of the draft', async () => {
    const draft = await app.kit.article({ section: null, title: unique('Embargoed'), status: 'draft' });
    const res = await app.http().get(`/api/preview/articles/${draft.documentId}`).set('X-Preview-Secret', SECRET);
    expect(res.status).toBe(200);
    const data = res.body.data.structuredData;
    expectValidNewsArticle(data);
    expect(data.headline).toBe(draft.title);
    expect(data).not.toHaveProperty('dateModified');
  });
});

describe('without PUBLIC_SITE_URL, with PUBLIC_URL', () => {
  beforeAll(() => app.restart({ PUBLIC_SITE_URL: '', PUBLIC_URL: 'https://cms.example.com' }), 300_000);

  test('no url, mainEntityOfPage or publisher url; images on PUBLIC_URL; still a NewsArticle', async () => {
    origin = await app.url();
    const image = await app.kit.image();
    const article = await app.kit.article({ section: await app.kit.section(), title: unique('Offline site'), cover: image });
    const data = (await pageOf(article.slug)).structuredData;
    expectValidNewsArticle(data);
    expect(data).not.toHaveProperty('url');
    expect(data).not.toHaveProperty('mainEntityOfPage');
    expect(data.publisher).toEqual({ '@type': 'Organization', name: 'The Example Times' });
    expect(data.image).toEqual([`https://cms.example.com${image.url}`]);
  });
});
