/**
 * Names the tests share. The content-type uids are the product's own (src/visibility/definition.ts); the
 * reference slug is the article of tests/fixtures/article-page.txt, which the seed (database/seed) holds.
 */
import path from 'path';

import { DEFAULT_NEWS_SETTINGS } from '../../src/settings/news';

export { ARTICLE, SECTION, TEASER } from '../../src/visibility/definition';
export { MORE_FROM_LIMIT_MAX, MORE_FROM_LIMIT_MIN } from '../../src/settings/news';

/** How many "More from" items a reader gets when neither NEWS_MORE_FROM_LIMIT nor the request says. */
export const DEFAULT_MORE_FROM_LIMIT = DEFAULT_NEWS_SETTINGS.moreFromLimit;

/** The article of the reference page (tests/fixtures/article-page.txt), filed in the seed's "World" section. */
export const REFERENCE_SLUG = 'russia-seeks-distance-from-syrias-al-assad-amid-vienna-peace-talks';

/** Its German version (tests/fixtures/article-page.de.txt, database/seed/de), the same document in locale `de`. */
export const REFERENCE_SLUG_DE = 'russland-rueckt-bei-wiener-friedensgespraechen-von-assad-ab';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- ensure-env is a CommonJS script
const { localeSettings } = require('../../scripts/ensure-env.js') as { localeSettings: () => Record<string, string> };

/** The locale settings a new .env gets (`npm run develop`, from .env.example): the German page's words (NEWS_LOCALE_DE_*). */
export const GERMAN_PAGE_ENV: Record<string, string> = localeSettings();

/** The seed's folder, for tests that read it without a running app. */
/** The app's root folder. */
export const appDir = path.resolve(__dirname, '..', '..');

export const SEED_DIR = path.join(__dirname, '..', '..', 'database', 'seed');
