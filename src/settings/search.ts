/**
 * Full-text search (src/search/).
 *
 *   SEARCH_LANGUAGE   the text-search language of the default locale's articles (NEWS_DEFAULT_LOCALE), for
 *                     stemming and stop words: one of PostgreSQL's text search configurations listed below.
 *                     Unset (the default): the language of the locale's code, as for every other locale
 *                     (en → english, de → german; src/search/languages.ts). On SQLite only `english` stems
 *                     (FTS5's porter tokenizer); every other language is matched word for word there
 *                     (unicode61, accents folded). A change rebuilds the index at the next start.
 */
import type { Core } from '@strapi/strapi';
import { collect, valueOf, type Env } from './env';

/** PostgreSQL's built-in text search configurations (`SELECT cfgname FROM pg_ts_config`, PostgreSQL 13–17). */
export const SEARCH_LANGUAGES = [
  'simple',
  'arabic',
  'armenian',
  'basque',
  'catalan',
  'danish',
  'dutch',
  'english',
  'finnish',
  'french',
  'german',
  'greek',
  'hindi',
  'hungarian',
  'indonesian',
  'irish',
  'italian',
  'lithuanian',
  'nepali',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'serbian',
  'spanish',
  'swedish',
  'tamil',
  'turkish',
  'yiddish',
] as const;

export type SearchLanguage = (typeof SEARCH_LANGUAGES)[number];

export interface SearchSettings {
  /** SEARCH_LANGUAGE: the default locale's language; null: from its code. */
  language: SearchLanguage | null;
}

export function readSearchSettings(env: Env = process.env): SearchSettings {
  return collect((problems) => {
    const raw = valueOf(env, 'SEARCH_LANGUAGE')?.toLowerCase();
    if (raw === undefined) return { language: null };
    const known = (SEARCH_LANGUAGES as readonly string[]).includes(raw);
    if (!known) problems.push(`SEARCH_LANGUAGE "${raw}" is not one of ${SEARCH_LANGUAGES.join(', ')}`);
    return { language: known ? (raw as SearchLanguage) : null };
  });
}

/** The settings read at start-up (config/search.ts). */
export const searchSettings = (strapi: Core.Strapi): SearchSettings => strapi.config.get<SearchSettings>('search');
