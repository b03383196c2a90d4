/**
 * The pure parts of the cache: the fallback to broader tags (never narrower than the answer), the tag header,
 * notification payloads, and the origin cache's rules (dropped by tag, refused after a purge, expiring at the
 * next moment content changes by time, off while distrusted).
 */
import fc from 'fast-check';
import { boundedTags, tagHeaderValue, TagSet } from '../../src/cache/tags';
import { OriginCache, type CachedResponse } from '../../src/cache/origin-cache';
import { notifyPayloads } from '../../src/cache/runtime';

const TYPE_OF: Record<string, string> = { article: 'articles', section: 'sections', teaser: 'teasers', file: 'files' };

describe('boundedTags', () => {
  const tagArbitrary = fc.oneof(
    fc.tuple(fc.constantFrom('article', 'section', 'teaser', 'file'), fc.stringMatching(/^[a-z0-9]{4,24}$/)).map(([kind, id]) => `${kind}:${id}`),
    fc.stringMatching(/^[a-z0-9]{4,24}$/).map((id) => `section-list:${id}`),
  );

  it('fits the limit and never drops a tag without its broader type tag', () => {
    fc.assert(
      fc.property(fc.array(tagArbitrary, { maxLength: 300 }), fc.integer({ min: 100, max: 4000 }), (tags, max) => {
        const all = ['newsroom', ...tags];
        const kept = boundedTags(all, max);
        expect(kept.join(' ').length).toBeLessThanOrEqual(Math.max(max, 'newsroom articles teasers sections files'.length));
        expect(kept).toContain('newsroom');
        for (const tag of all) {
          if (kept.includes(tag)) continue;
          const [kind] = tag.split(':');
          const broader = kind === 'section-list' ? ['articles', 'teasers'] : [TYPE_OF[kind]];
          expect({ tag, kept: broader.every((b) => kept.includes(b)) }).toEqual({ tag, kept: true });
        }
      }),
    );
  });

  it('keeps every tag when they fit', () => {
    const tags = ['newsroom', 'article:a1', 'section:s1', 'section-list:s1'];
    expect(boundedTags(tags, 4000)).toEqual(tags);
  });

  it('joins with commas for Cloudflare and spaces for the others', () => {
    expect(tagHeaderValue(['a', 'b'], { name: 'Cache-Tag', separator: ',' })).toBe('a,b');
    expect(tagHeaderValue(['a', 'b'], { name: 'Surrogate-Key', separator: ' ' })).toBe('a b');
  });

  it('records only tags a header can carry', () => {
    const set = new TagSet();
    set.add('article:ok', 'bad tag', 'bad,tag', 'naïve', '');
    expect(set.values()).toEqual(['newsroom', 'article:ok']);
    expect(set.tagged).toBe(true);
  });
});

describe('notifyPayloads', () => {
  it('splits tags into payloads PostgreSQL accepts, losing none', () => {
    const tags = Array.from({ length: 2000 }, (_, i) => `article:${String(i).padStart(24, 'x')}`);
    const payloads = notifyPayloads(tags);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(payloads.flatMap((payload) => payload.split(' '))).toEqual(tags);
  });
});

describe('OriginCache', () => {
  const response = (body: string, tags: string[]): CachedResponse => ({ status: 200, body, type: 'application/json', etag: '"x"', headers: {}, tags });

  it('drops exactly the entries that carry a purged tag', () => {
    const cache = new OriginCache(1024 * 1024);
    cache.set('/a', response('a', ['article:1', 'section:s']), { generation: cache.generation, maxAgeMs: 60_000 });
    cache.set('/b', response('b', ['article:2', 'section:s']), { generation: cache.generation, maxAgeMs: 60_000 });
    cache.set('/c', response('c', ['article:3']), { generation: cache.generation, maxAgeMs: 60_000 });
    expect(cache.purge(['section:s'])).toBe(2);
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/c')?.body).toBe('c');
  });

  it('refuses an answer built while a purge ran', () => {
    const cache = new OriginCache(1024 * 1024);
    const generation = cache.generation;
    cache.purge(['article:9']);
    expect(cache.set('/a', response('old', ['article:1']), { generation, maxAgeMs: 60_000 })).toBe(false);
    expect(cache.get('/a')).toBeUndefined();
  });

  it('expires entries at the next moment content changes by time', () => {
    const cache = new OriginCache(1024 * 1024);
    const now = 1_000_000;
    cache.set('/a', response('a', ['teaser:1']), { generation: cache.generation, maxAgeMs: 60_000, now });
    cache.expireBy(now + 5000);
    expect(cache.get('/a', now + 4999)?.body).toBe('a');
    expect(cache.get('/a', now + 5000)).toBeUndefined();
  });

  it('serves and keeps nothing while distrusted, and starts empty when trusted again', () => {
    const cache = new OriginCache(1024 * 1024);
    cache.set('/a', response('a', ['article:1']), { generation: cache.generation, maxAgeMs: 60_000 });
    cache.distrust();
    expect(cache.enabled).toBe(false);
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.set('/b', response('b', ['article:2']), { generation: cache.generation, maxAgeMs: 60_000 })).toBe(false);
    cache.trust();
    expect(cache.get('/a')).toBeUndefined();
  });

  it('stays within its memory, oldest first out, and forgets the tags of what it dropped', () => {
    const cache = new OriginCache(20_000);
    for (let i = 0; i < 50; i += 1) cache.set(`/p${i}`, response('x'.repeat(1000), [`article:${i}`]), { generation: cache.generation, maxAgeMs: 60_000 });
    expect(cache.size).toBeLessThan(20);
    expect(cache.get('/p0')).toBeUndefined();
    expect(cache.get('/p49')).toBeDefined();
    expect(cache.purge(['article:0'])).toBe(0);
  });
});
