/**
 * The tag header for Cloudflare (CACHE_TAG_HEADER=Cache-Tag: comma-separated) and the fallback to broader
 * tags when a response has more than CACHE_TAG_MAX_BYTES of them.
 */
import { useApp } from '../harness/app';
import { daysFromNow } from '../harness/time';

const cloudflare = useApp({ env: { CACHE_TAG_HEADER: 'Cache-Tag', CACHE_TAG_MAX_BYTES: '300' } });

describe('tag headers of other cache tiers, and too many tags', () => {
  it('fall back to broader tags under CACHE_TAG_MAX_BYTES, comma-separated for Cloudflare', async () => {
    const section = await cloudflare.kit.section();
    const articles = [];
    for (let i = 0; i < 12; i += 1) articles.push(await cloudflare.kit.article({ section, publicationDate: daysFromNow(-1 - i) }));
    const res = await cloudflare.http().get(`/api/articles/by-slug/${articles[0].slug}?moreFromLimit=10`);
    expect(res.status).toBe(200);
    expect(res.headers['surrogate-key']).toBeUndefined();
    const header = res.headers['cache-tag'];
    expect(Buffer.byteLength(header)).toBeLessThanOrEqual(300);
    const tags = header.split(',');
    expect(tags).toEqual(expect.arrayContaining(['newsroom', 'articles', `section:${section.documentId}`, `section-list:${section.documentId}`]));
    expect(tags.filter((tag) => tag.startsWith('article:'))).toEqual([]);
  });
});
