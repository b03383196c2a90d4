/**
 * Cache tags and purges as a cache tier sees them: the tags of each reader response, Cache-Control for
 * shared caches, the fallback to broader tags, the origin cache, and the purges a webhook receives after
 * a publish, a draft save (none), a failing endpoint (retried) and a teaser window that closes with no
 * write at all (the Cloudflare header and the fallback: cache-tag-header.test.ts). The completeness of the tags is shown by tests/integration/cache-consistency.test.ts.
 */
import { useApp } from '../harness/app';
import { purgeEndpoint } from '../harness/purge-endpoint';
import { daysFromNow, sleep } from '../harness/time';
import { ARTICLE, TEASER } from '../harness/constants';
import { apiToken } from '../harness/clients';
import { cacheRuntime } from '../../src/cache/runtime';
import { PURGE_TABLE } from '../../src/cache/purge-queue';
import { PURGE_ECHO_MS } from '../../src/cache/changes';

const webhook = purgeEndpoint();
let webhookUrl = '';
beforeAll(async () => {
  webhookUrl = await webhook.url();
  process.env.PURGE_WEBHOOK_URL = webhookUrl;
});
afterAll(() => webhook.close());

const app = useApp({ env: { PURGE_ADAPTER: 'webhook' } });

const tagsOf = (res: { headers: Record<string, string | undefined> }) => (res.headers['surrogate-key'] ?? '').split(' ');

async function desk() {
  const section = await app.kit.section();
  const other = await app.kit.section();
  const older = await app.kit.article({ section, publicationDate: daysFromNow(-3) });
  const newer = await app.kit.article({ section, publicationDate: daysFromNow(-2) });
  const elsewhere = await app.kit.article({ section: other, publicationDate: daysFromNow(-1) });
  const teaser = await app.kit.teaser({ article: newer, section, headline: 'Promoted' });
  return { section, other, older, newer, elsewhere, teaser };
}

async function until<T>(read: () => Promise<T> | T, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await sleep(50);
    value = await read();
  }
  return value;
}

describe('tags of reader responses', () => {
  it('name every document an article page shows, and its section lists', async () => {
    const { section, older, newer, teaser } = await desk();
    const res = await app.http().get(`/api/articles/by-slug/${older.slug}`);
    expect(res.status).toBe(200);
    expect(tagsOf(res)).toEqual(
      expect.arrayContaining([
        'newsroom',
        `article:${older.documentId}`,
        `section:${section.documentId}`,
        `section-list:${section.documentId}`,
        `teaser:${teaser.documentId}`,
        `article:${newer.documentId}`,
      ]),
    );
    expect(res.headers['cache-control']).toBe('public, max-age=60, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400');
  });

  it('tag every reader route, with type tags on lists and on a 404', async () => {
    const { section, older, teaser } = await desk();
    const expected: Array<[string, number, string[]]> = [
      [`/api/sections/${section.slug}/more-from`, 200, [`section-list:${section.documentId}`]],
      ['/api/articles', 200, ['articles', `article:${older.documentId}`]],
      [`/api/articles/${older.documentId}?populate=section`, 200, [`article:${older.documentId}`, `section:${section.documentId}`]],
      ['/api/sections', 200, ['sections']],
      [`/api/sections/${section.documentId}?populate=articles`, 200, [`section:${section.documentId}`, 'articles']],
      ['/api/teasers', 200, ['teasers', `teaser:${teaser.documentId}`]],
      ['/api/feed.xml', 200, ['articles', 'sections']],
      [`/api/sections/${section.slug}/feed.json`, 200, ['articles']],
      ['/api/sitemap.xml', 200, ['articles']],
      ['/api/sitemaps/articles/1.xml', 200, ['articles']],
      ['/api/articles/by-slug/not-yet-published', 404, ['articles']],
      ['/api/sections/no-such-desk/more-from', 404, ['sections']],
    ];
    for (const [url, status, tags] of expected) {
      const res = await app.http().get(url);
      expect({ url, status: res.status }).toEqual({ url, status });
      expect({ url, tags: tagsOf(res) }).toEqual({ url, tags: expect.arrayContaining(['newsroom', ...tags]) });
      // Browsers keep a 404 not at all (the publication that replaces it would not reach them); shared caches until a purge.
      const browsers = status === 404 ? 'max-age=0' : 'max-age=60';
      expect({ url, cc: res.headers['cache-control'] }).toEqual({
        url,
        cc: `public, ${browsers}, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400`,
      });
    }
  });

  it('are not given to bad requests, and a request with credentials is private', async () => {
    const { older } = await desk();
    const bad = await app.http().get(`/api/articles/by-slug/${older.slug}?moreFromLimit=0`);
    expect(bad.status).toBe(400);
    expect(bad.headers['surrogate-key']).toBeUndefined();
    expect(bad.headers['cache-control'] ?? '').not.toMatch(/public/);

    const token = await apiToken(app, 'read-only');
    const authorized = await app.http().get(`/api/articles/by-slug/${older.slug}`).set('Authorization', `Bearer ${token}`);
    expect(authorized.status).toBe(200);
    expect(authorized.headers['cache-control']).toBe('private, max-age=60');
    expect(authorized.headers['surrogate-key']).toBeUndefined();
  });
});

describe('the origin cache', () => {
  it('answers a repeated anonymous read from memory, and a publish at once replaces it', async () => {
    const { older } = await desk();
    const base = await app.url();
    const url = `${base}/api/articles/by-slug/${older.slug}`;
    // The set-up's own purges (and, on PostgreSQL, their notifications) must be through, or the answer is not kept.
    await cacheRuntime(app.strapi).drain();
    const hit = await until(
      () => fetch(url),
      (res) => res.headers.get('x-origin-cache') === 'HIT',
    );
    expect(hit.headers.get('x-origin-cache')).toBe('HIT');
    const etag = hit.headers.get('etag')!;
    expect((await fetch(url, { headers: { 'If-None-Match': etag } })).status).toBe(304);

    await app.strapi.documents(ARTICLE).update({ documentId: older.documentId, data: { title: 'Rewritten headline' } as never, status: 'published' });
    const after = await fetch(url);
    expect(after.headers.get('x-origin-cache')).toBe('MISS');
    expect(await after.text()).toContain('Rewritten headline');
  });

  it('keeps nothing for a request with credentials', async () => {
    const { older } = await desk();
    const base = await app.url();
    const token = await apiToken(app, 'read-only');
    const url = `${base}/api/articles/by-slug/${older.slug}`;
    for (let i = 0; i < 2; i += 1) expect((await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).headers.get('x-origin-cache')).toBeNull();
  });
});

describe('purges', () => {
  /** Purges due now and not yet sent (a publish also queues one for when the article leaves the news sitemap). */
  const queued = async () =>
    Number(((await app.strapi.db.connection(PURGE_TABLE).where('due_at', '<=', Date.now()).count({ n: '*' }).first()) as { n: unknown }).n);

  it('send the tags of a publish to the purge endpoint, and nothing for a draft save', async () => {
    const { section, older } = await desk();
    // The setup's own purges, their repeats for the tier (PURGE_ECHO_MS later) included, are out before the draft save.
    await sleep(PURGE_ECHO_MS);
    await cacheRuntime(app.strapi).drain();
    webhook.received.length = 0;

    await app.kit.saveDraft(older.documentId, { title: 'Only a draft' });
    await cacheRuntime(app.strapi).drain();
    expect(webhook.received).toEqual([]);

    await app.kit.publish(ARTICLE, older.documentId);
    const got = await until(webhook.all, (tags) => tags.has(`article:${older.documentId}`));
    expect([...got]).toEqual(expect.arrayContaining([`article:${older.documentId}`, 'articles']));
    // Same section, same first publication: the section's lists keep their items and order.
    expect(got.has(`section-list:${section.documentId}`)).toBe(false);
    expect(await until(queued, (n) => n === 0)).toBe(0);
  });

  it('include the lists an article leaves and enters when it moves', async () => {
    const { section, other, older } = await desk();
    await cacheRuntime(app.strapi).drain();
    webhook.received.length = 0;
    await app.strapi.documents(ARTICLE).update({ documentId: older.documentId, data: { section: other.documentId } as never, status: 'published' });
    const got = await until(webhook.all, (tags) => tags.has(`article:${older.documentId}`));
    expect([...got]).toEqual(expect.arrayContaining([`section-list:${section.documentId}`, `section-list:${other.documentId}`]));
  });

  it('are kept and retried while the endpoint fails, and none is lost', async () => {
    const { elsewhere } = await desk();
    await cacheRuntime(app.strapi).drain();
    webhook.received.length = 0;
    webhook.answerWith(503);
    try {
      await app.kit.unpublish(ARTICLE, elsewhere.documentId);
      await sleep(1500);
      expect(webhook.received).toEqual([]);
      expect(await queued()).toBeGreaterThan(0);
    } finally {
      webhook.answerWith(200);
    }
    const got = await until(webhook.all, (tags) => tags.has(`article:${elsewhere.documentId}`), 10_000);
    expect(got.has(`article:${elsewhere.documentId}`)).toBe(true);
    expect(await until(queued, (n) => n === 0)).toBe(0);
  });

  it('follow media library edits: a new alternative text reaches the page that shows the image', async () => {
    const section = await app.kit.section();
    const image = await app.kit.image();
    const story = await app.kit.article({ section, cover: image, publicationDate: daysFromNow(-1) });
    const url = `${await app.url()}/api/articles/by-slug/${story.slug}`;
    await cacheRuntime(app.strapi).drain();
    const first = await fetch(url);
    expect(first.headers.get('surrogate-key')).toContain(`file:${image.id}`);
    expect(
      (
        await until(
          () => fetch(url),
          (res) => res.headers.get('x-origin-cache') === 'HIT',
        )
      ).headers.get('x-origin-cache'),
    ).toBe('HIT');
    webhook.received.length = 0;

    await app.strapi.db.query('plugin::upload.file').update({ where: { id: image.id }, data: { alternativeText: 'A flooded street at dawn' } });
    const got = await until(webhook.all, (tags) => tags.has(`file:${image.id}`));
    expect(got.has(`file:${image.id}`)).toBe(true);
    const after = await fetch(url);
    expect(after.headers.get('x-origin-cache')).toBe('MISS');
    expect(await after.text()).toContain('A flooded street at dawn');
  });

  it('happen when a teaser window closes, with no write: the page drops the teaser by itself', async () => {
    const { section, older, newer } = await desk();
    const closing = await app.kit.teaser({ article: older, section, headline: 'Closing soon', endsAt: new Date(Date.now() + 2500).toISOString() });
    const base = await app.url();
    const url = `${base}/api/sections/${section.slug}/more-from?exclude=${newer.slug}`;
    await cacheRuntime(app.strapi).drain();
    webhook.received.length = 0;
    expect(await (await fetch(url)).text()).toContain('Closing soon');
    expect((await fetch(url)).headers.get('x-origin-cache')).toBe('HIT');

    const gone = await until(
      async () => (await fetch(url)).text(),
      (text) => !text.includes('Closing soon'),
      6000,
    );
    expect(gone).not.toContain('Closing soon');
    const got = await until(webhook.all, (tags) => tags.has(`teaser:${closing.documentId}`), 3000);
    expect([...got]).toEqual(expect.arrayContaining([`teaser:${closing.documentId}`, `section-list:${section.documentId}`]));
    expect(TEASER).toBe('api::teaser.teaser');
  });
});
