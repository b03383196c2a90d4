import { readCacheSettings } from '../src/settings/cache';

/** Cache headers, tags and the origin cache (CACHE_*, ORIGIN_CACHE_MB), validated once at start-up. */
export default () => readCacheSettings(process.env);
