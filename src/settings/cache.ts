/**
 * How reader responses are cached: by browsers, by the cache tier in front (Varnish, a CDN), and in
 * each instance's memory (the origin cache).
 *
 *   CACHE_TAG_HEADER              header that carries a response's cache tags: Surrogate-Key (Fastly, and
 *                                 Varnish with the shipped VCL), Cache-Tag (Cloudflare: comma-separated), xkey
 *                                 (Varnish), Edge-Cache-Tag (Akamai: comma-separated), or none   (default Surrogate-Key)
 *   CACHE_TAG_MAX_BYTES           at most this many bytes of tags per response; more are replaced by broader
 *                                 tags, 100-16000 (default 4000: under Varnish's 8 KB header line and the CDNs' limits)
 *   CACHE_S_MAXAGE                seconds a shared cache keeps a response before it asks again, >= 0  (default 3600;
 *                                 purges make changes visible long before)
 *   CACHE_STALE_WHILE_REVALIDATE  seconds a shared cache may serve an expired response while it fetches the
 *                                 new one, >= 0  (default 30)
 *   CACHE_STALE_IF_ERROR          seconds a shared cache may serve an expired response while the origin
 *                                 fails or is down, >= 0  (default 86400)
 *   ORIGIN_CACHE_MB               memory for the origin cache of each instance, in MB, 0 turns it off  (default 64)
 *
 * Browsers keep a response NEWS_CACHE_MAX_AGE seconds (src/settings/news.ts): nobody can purge them.
 */
import type { Core } from '@strapi/strapi';
import { collect, readInteger, valueOf, type Env } from './env';

/** The tag headers of the common cache tiers and how each separates its tags. */
export const TAG_HEADERS = {
  'surrogate-key': { name: 'Surrogate-Key', separator: ' ' },
  'cache-tag': { name: 'Cache-Tag', separator: ',' },
  xkey: { name: 'xkey', separator: ' ' },
  'edge-cache-tag': { name: 'Edge-Cache-Tag', separator: ',' },
} as const;

export interface TagHeader {
  name: string;
  separator: ' ' | ',';
}

export interface CacheSettings {
  /** Null when CACHE_TAG_HEADER is `none`: responses carry no tags (the origin cache still uses them). */
  tagHeader: TagHeader | null;
  tagMaxBytes: number;
  sMaxAge: number;
  staleWhileRevalidate: number;
  staleIfError: number;
  /** Bytes; 0 = no origin cache. */
  originCacheBytes: number;
}

const DAY = 86_400;
const YEAR = 365 * DAY;

export function readCacheSettings(env: Env = process.env): CacheSettings {
  return collect((problems) => {
    const rawHeader = valueOf(env, 'CACHE_TAG_HEADER') ?? 'Surrogate-Key';
    let tagHeader: TagHeader | null = null;
    if (rawHeader.toLowerCase() !== 'none') {
      const known = TAG_HEADERS[rawHeader.toLowerCase() as keyof typeof TAG_HEADERS] as TagHeader | undefined;
      if (known) tagHeader = known;
      else
        problems.push(
          `CACHE_TAG_HEADER "${rawHeader}" is not one of ${Object.values(TAG_HEADERS)
            .map((h) => h.name)
            .join(', ')}, none`,
        );
    }
    const seconds = (name: string, fallback: number) => readInteger(env, name, fallback, 0, YEAR, 'a number of seconds from 0 to 31536000', problems);
    return {
      tagHeader,
      tagMaxBytes: readInteger(env, 'CACHE_TAG_MAX_BYTES', 4000, 100, 16_000, 'an integer from 100 to 16000', problems),
      sMaxAge: seconds('CACHE_S_MAXAGE', 3600),
      staleWhileRevalidate: seconds('CACHE_STALE_WHILE_REVALIDATE', 30),
      staleIfError: seconds('CACHE_STALE_IF_ERROR', DAY),
      originCacheBytes: readInteger(env, 'ORIGIN_CACHE_MB', 64, 0, 65_536, 'a number of megabytes from 0 to 65536', problems) * 1024 * 1024,
    };
  });
}

/** The settings read at start-up (config/cache.ts). */
export const cacheSettings = (strapi: Core.Strapi): CacheSettings => strapi.config.get<CacheSettings>('cache');
