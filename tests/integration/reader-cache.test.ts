/**
 * HTTP caching of reader responses without a cache tier to purge (PURGE_ADAPTER unset): `Cache-Control:
 * public, max-age=60` (NEWS_CACHE_MAX_AGE default) for browsers and shared caches alike, a strong ETag,
 * `304 Not Modified` for a matching `If-None-Match`, and a new tag once published content changes.
 * With a purge adapter (shared caches keep answers longer), cache tags and purges: cache-tags.test.ts.
 */
import { useApp } from '../harness/app';
import { daysFromNow } from '../harness/time';
import { ARTICLE } from '../harness/constants';

const app = useApp();

const STRONG_TAG = /^"[^"\s]+"$/;
const PUBLIC = 'public, max-age=60';

async function get(url: string, ifNoneMatch?: string) {
  const req = app.http().get(url);
  if (ifNoneMatch !== undefined) req.set('If-None-Match', ifNoneMatch);
  return req;
}

/** A section with two published articles, one of them promoted. */
async function newsDesk() {
  const section = await app.kit.section();
  const older = await app.kit.article({ section, title: `Older ${section.name}`, publicationDate: daysFromNow(-2) });
  const newer = await app.kit.article({ section, title: `Newer ${section.name}`, publicationDate: daysFromNow(-1) });
  const teaser = await app.kit.teaser({ article: older, section, headline: 'Promoted' });
  return { section, older, newer, teaser };
}

describe('reader responses', () => {
  it('answer 304 to fetch()-style revalidation, which sends Cache-Control: no-cache with If-None-Match', async () => {
    const { older } = await newsDesk();
    const url = `/api/articles/by-slug/${older.slug}`;
    const tag = (await get(url)).headers.etag;
    const res = await app.http().get(url).set('If-None-Match', tag).set('Cache-Control', 'no-cache').set('Pragma', 'no-cache');
    expect(res.status).toBe(304);
    expect(res.text ?? '').toBe('');
  });

  it('carry public Cache-Control and a strong ETag on every reader route', async () => {
    const { section, older, teaser } = await newsDesk();
    const urls = [
      `/api/articles/by-slug/${older.slug}`,
      `/api/articles/by-slug/${older.slug}?moreFromLimit=2`,
      `/api/sections/${section.slug}/more-from`,
      `/api/sections/${section.slug}/more-from?exclude=${older.slug}&limit=3`,
      '/api/articles',
      `/api/articles/${older.documentId}`,
      '/api/sections',
      `/api/sections/${section.documentId}`,
      '/api/teasers',
      `/api/teasers/${teaser.documentId}`,
    ];
    for (const url of urls) {
      const res = await get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect({ url, cacheControl: res.headers['cache-control'] }).toEqual({ url, cacheControl: PUBLIC });
      expect(res.headers.etag).toMatch(STRONG_TAG);
      // The same content gives the same tag.
      expect((await get(url)).headers.etag).toBe(res.headers.etag);
    }
  });

  it('answers 304 without a body when If-None-Match holds the current tag', async () => {
    const { section, older } = await newsDesk();
    for (const url of [
      `/api/articles/by-slug/${older.slug}`,
      `/api/sections/${section.slug}/more-from`,
      `/api/articles/${older.documentId}`,
      '/api/articles',
    ]) {
      const first = await get(url);
      expect(first.status).toBe(200);
      const tag = first.headers.etag;

      const again = await get(url, tag);
      expect({ url, status: again.status }).toEqual({ url, status: 304 });
      expect(again.text ?? '').toBe('');
      expect(again.body).toEqual({});
      expect(again.headers.etag).toBe(tag);
      expect(again.headers['cache-control']).toBe(PUBLIC);

      // One of several tags matching is enough; a different tag gets the full response.
      expect((await get(url, `"something-else", ${tag}`)).status).toBe(304);
      const other = await get(url, '"something-else"');
      expect(other.status).toBe(200);
      expect(other.body).toEqual(first.body);
    }
  });

  it('gives different tags to different responses', async () => {
    const { section, older, newer } = await newsDesk();
    const tags = new Set<string>();
    for (const url of [
      `/api/articles/by-slug/${older.slug}`,
      `/api/articles/by-slug/${newer.slug}`,
      `/api/sections/${section.slug}/more-from`,
      `/api/sections/${section.slug}/more-from?limit=1`,
    ]) {
      tags.add((await get(url)).headers.etag);
    }
    expect(tags.size).toBe(4);
  });

  it('changes the tag after a publish, and not after saving a draft', async () => {
    const { section, older, newer } = await newsDesk();
    const page = `/api/articles/by-slug/${older.slug}`;
    const list = `/api/sections/${section.slug}/more-from`;
    const one = `/api/articles/${newer.documentId}`;
    const before = { page: await get(page), list: await get(list), one: await get(one) };

    // Saving a draft changes nothing a reader sees.
    await app.kit.saveDraft(newer.documentId, { title: 'Corrected headline' });
    for (const [url, res] of [
      [page, before.page],
      [list, before.list],
      [one, before.one],
    ] as const) {
      expect((await get(url, res.headers.etag)).status).toBe(304);
    }

    // Publishing it does: the old tag no longer matches and the new body shows the change.
    await app.kit.publish(ARTICLE, newer.documentId);
    for (const [url, res] of [
      [page, before.page],
      [list, before.list],
      [one, before.one],
    ] as const) {
      const after = await get(url, res.headers.etag);
      expect({ url, status: after.status }).toEqual({ url, status: 200 });
      expect(after.headers.etag).toMatch(STRONG_TAG);
      expect(after.headers.etag).not.toBe(res.headers.etag);
      expect(JSON.stringify(after.body)).toContain('Corrected headline');
      expect((await get(url, after.headers.etag)).status).toBe(304);
    }

    // A newly published article in the section changes the section's lists.
    const listTag = (await get(list)).headers.etag;
    const pageTag = (await get(page)).headers.etag;
    await app.kit.article({ section, title: 'Breaking', publicationDate: daysFromNow(0) });
    const listAfter = await get(list, listTag);
    expect(listAfter.status).toBe(200);
    expect(listAfter.body.data.items.map((item: { headline: string }) => item.headline)).toContain('Breaking');
    expect((await get(page, pageTag)).status).toBe(200);
  });

  it('does not mark bad requests as publicly cacheable', async () => {
    for (const url of ['/api/articles/by-slug/x?moreFromLimit=0', '/api/sections/x/more-from?limit=99', '/api/articles?populate=nothing']) {
      const res = await get(url);
      expect(res.status).toBe(400);
      expect(res.headers.etag).toBeUndefined();
      expect(res.headers['cache-control'] ?? '').not.toMatch(/public/);
      // Even when a client sends a tag.
      expect((await get(url, '"anything"')).status).toBe(res.status);
    }
  });

  it('does not mark a 404 as cacheable when nothing would purge it (with a purge adapter: cache-tags.test.ts)', async () => {
    for (const url of ['/api/articles/by-slug/no-such-article', '/api/sections/no-such-section/more-from']) {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(res.headers['cache-control'] ?? '').not.toMatch(/public/);
      expect(res.headers.etag).toBeUndefined();
    }
  });

  it('still carry their cache tags (the origin cache and any tier that reads them)', async () => {
    const { older } = await newsDesk();
    expect((await get(`/api/articles/by-slug/${older.slug}`)).headers['surrogate-key']).toContain(`article:${older.documentId}`);
  });
});
