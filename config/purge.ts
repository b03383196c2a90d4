import { readPurgeSettings } from '../src/settings/purge';

/** The cache tier purged by tag when content changes (PURGE_ADAPTER, PURGE_*), validated once at start-up. */
export default () => readPurgeSettings(process.env);
