import { readSearchSettings } from '../src/settings/search';

/** Full-text search (SEARCH_LANGUAGE), validated once at start-up. */
export default () => readSearchSettings(process.env);
