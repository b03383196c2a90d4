/**
 * The reference reader (examples/reader) against the real product: Strapi with the seed, listening
 * on a random port, and the reader server in front of it. What a reader sees must match the
 * article page captured in tests/fixtures/article-page.txt, line for line.
 */
import http from 'http';
import { useApp } from '../harness/app';
import { close, listen } from '../harness/servers';
import { createReaderServer } from '../../examples/reader/src/server';
import { EtagCache, fetchArticlePage } from '../../examples/reader/src/client';
import { visibleText } from '../../examples/reader/src/text';
import { REFERENCE_SLUG, ARTICLE } from '../harness/constants';
import { referencePageLines } from '../harness/reference-page';

const app = useApp({ seed: true });
let apiUrl: string;
let reader: http.Server;
let readerUrl: string;
const readerErrors: string[] = [];

/** A port nothing listens on: bind a free one, then let it go. */
async function deadPort(): Promise<string> {
  const server = http.createServer();
  const url = await listen(server);
  await close(server);
  return url;
}

beforeAll(async () => {
  apiUrl = await app.url();
  reader = createReaderServer({ apiUrl, onError: (message) => readerErrors.push(message) });
  readerUrl = await listen(reader);
});

afterAll(() => close(reader));

describe('GET /articles/:slug on the reader', () => {
  test('shows the article page exactly as the reference page reads, from the headline to the last teaser', async () => {
    const response = await fetch(`${readerUrl}/articles/${REFERENCE_SLUG}`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(visibleText(html)).toEqual(referencePageLines());
    expect(readerErrors).toEqual([]);
  });

  test('the page is structured as a reader and a screen reader expect it', async () => {
    const html = await (await fetch(`${readerUrl}/articles/${REFERENCE_SLUG}`)).text();
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(`<title>Russia seeks distance from Syria&#39;s al-Assad amid Vienna peace talks</title>`);
    expect(html).toContain('<h1>Russia seeks distance from Syria&#39;s al-Assad amid Vienna peace talks</h1>');
    // The four quotes of the article are block quotes, the sixteen other blocks paragraphs.
    expect(html.match(/<blockquote>/g)).toHaveLength(4);
    expect(html).toContain('<p class="last-update"><time datetime="2016-05-17T19:42:00.000Z">Last update: Tue, 17/05/2016 - 19:42</time></p>');
    expect(html).toContain('<h2 id="more-from-title">More from World</h2>');
    const links = [...html.matchAll(/<h3><a href="([^"]+)">/g)].map((match) => match[1]);
    expect(links).toEqual([
      '/articles/reports-wife-of-orlando-gay-nightclub-shooter-arrested-in-california',
      '/articles/five-killed-in-shooting-in-mexico-after-music-festival',
      '/articles/four-turkish-police-officers-killed-by-blast-in-south-east',
      '/articles/trumps-obsolete-nato-comments-rattle-eu-foreign-ministers',
      '/articles/burundi-to-withdraw-au-troops-from-somalia-over-salaries-unpaid-by-eu',
    ]);
  });

  test('every "More from" link opens that article on the reader', async () => {
    const html = await (await fetch(`${readerUrl}/articles/${REFERENCE_SLUG}`)).text();
    const links = [...html.matchAll(/<h3><a href="([^"]+)">([^<]+)<\/a><\/h3>/g)];
    expect(links).toHaveLength(5);
    for (const [, href, headline] of links) {
      const response = await fetch(`${readerUrl}${href}`);
      expect(response.status).toBe(200);
      expect(visibleText(await response.text())[0]).toBe(headline.replace(/&#39;/g, "'"));
    }
  });

  test('an unknown slug gives the 404 page', async () => {
    const response = await fetch(`${readerUrl}/articles/no-such-article`);
    expect(response.status).toBe(404);
    expect(visibleText(await response.text())).toEqual(['Page not found', 'There is no article at this address. It may have been moved or unpublished.']);
    expect(readerErrors).toEqual([]);
  });

  test('a path that is not an article page gives the 404 page', async () => {
    for (const address of ['/', '/articles/', '/articles/a/b', '/articles/%E0%A4%A', '/articles/..']) {
      const response = await fetch(`${readerUrl}${address}`);
      expect([address, response.status]).toEqual([address, 404]);
      expect(visibleText(await response.text())[0]).toBe('Page not found');
    }
  });

  test('when the API is down the reader answers 502 with a page saying so', async () => {
    const errors: string[] = [];
    const orphan = createReaderServer({ apiUrl: await deadPort(), onError: (message) => errors.push(message) });
    const url = await listen(orphan);
    try {
      const response = await fetch(`${url}/articles/${REFERENCE_SLUG}`);
      expect(response.status).toBe(502);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(visibleText(await response.text())).toEqual([
        'Temporarily unavailable',
        'The news service cannot be reached right now. Please try again in a moment.',
      ]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/NetworkError/);
    } finally {
      await close(orphan);
    }
  });
});

describe('fetchArticlePage against the API', () => {
  test('revalidates with the ETag: the second request is a 304 and the cached page comes back', async () => {
    const statuses: number[] = [];
    const sent: Array<string | null> = [];
    const counting: typeof fetch = async (input, init) => {
      sent.push(new Headers(init?.headers).get('if-none-match'));
      const response = await fetch(input, init);
      statuses.push(response.status);
      return response;
    };
    const etagCache = new EtagCache();
    const first = await fetchArticlePage(apiUrl, REFERENCE_SLUG, { etagCache, fetch: counting });
    const second = await fetchArticlePage(apiUrl, REFERENCE_SLUG, { etagCache, fetch: counting });

    expect(statuses).toEqual([200, 304]);
    if (!first.ok || !second.ok) throw new Error(`expected two pages, got ${JSON.stringify([first, second])}`);
    expect(first.etag).toMatch(/^"[^"]+"$/);
    expect(sent).toEqual([null, first.etag]);
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.page).toBe(first.page);
    expect(second.page.title).toBe("Russia seeks distance from Syria's al-Assad amid Vienna peace talks");
  });

  test('an unknown slug is a typed 404 carrying the API error', async () => {
    const result = await fetchArticlePage(apiUrl, 'no-such-article', { etagCache: null });
    expect(result).toEqual({
      ok: false,
      status: 404,
      error: expect.objectContaining({ status: 404, name: 'NotFoundError', message: expect.stringContaining('no-such-article') }),
    });
  });
});

describe('the reader keeps up with the newsroom', () => {
  test("a repeat view is revalidated with a 304, and an editor's change shows on the next view", async () => {
    const statuses: number[] = [];
    const counting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      statuses.push(response.status);
      return response;
    };
    const server = createReaderServer({ apiUrl, fetch: counting, onError: (message) => readerErrors.push(message) });
    const url = await listen(server);
    const teasers = async () => {
      const lines = visibleText(await (await fetch(`${url}/articles/${REFERENCE_SLUG}`)).text());
      return lines.slice(lines.indexOf('More from World') + 1).filter((_, index) => index % 2 === 0);
    };
    try {
      const before = await teasers();
      expect(await teasers()).toEqual(before);
      expect(statuses).toEqual([200, 304]);

      const articles = app.strapi.documents(ARTICLE);
      const target = await articles.findFirst({ filters: { slug: 'five-killed-in-shooting-in-mexico-after-music-festival' }, fields: ['documentId'] });
      if (!target) throw new Error('seed article missing');
      await articles.update({ documentId: target.documentId, data: { title: 'Six killed in shooting in Mexico after music festival' } as never });
      await articles.publish({ documentId: target.documentId });

      const after = await teasers();
      expect(statuses).toEqual([200, 304, 200]);
      expect(after).toEqual(
        before.map((headline) => (headline.startsWith('Five killed') ? 'Six killed in shooting in Mexico after music festival' : headline)),
      );
      expect(readerErrors).toEqual([]);
    } finally {
      await close(server);
    }
  });
});
