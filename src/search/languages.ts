/**
 * The text-search language of each locale's articles: the rule, framework-free. Each index entry is built,
 * and each search in a locale is parsed, with its locale's language (src/search/engine.ts).
 *
 *   - The default locale (NEWS_DEFAULT_LOCALE) gets SEARCH_LANGUAGE when it is set.
 *   - Every other locale, and the default one without SEARCH_LANGUAGE, gets the language of its code's
 *     language subtag (`de`, `de-AT` → german; `pt-BR` → portuguese; `nb`, `nn`, `no` → norwegian), when
 *     the database has a text search configuration of that name; else `simple` (words as written, no stop
 *     words, no stemming).
 *   - SQLite: FTS5 stems English only (porter): the rows of English-language locales go to a porter
 *     table, every other locale's rows to a table that matches words as written, accents folded.
 */
import { localeKey } from '../settings/locales';
import type { SearchLanguage } from '../settings/search';

/** ISO 639 language subtag → PostgreSQL's configuration of that language (all of SEARCH_LANGUAGES but `simple`). */
export const LOCALE_SEARCH_LANGUAGES: Readonly<Record<string, SearchLanguage>> = Object.freeze({
  ar: 'arabic',
  hy: 'armenian',
  eu: 'basque',
  ca: 'catalan',
  da: 'danish',
  nl: 'dutch',
  en: 'english',
  fi: 'finnish',
  fr: 'french',
  de: 'german',
  el: 'greek',
  hi: 'hindi',
  hu: 'hungarian',
  id: 'indonesian',
  ga: 'irish',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  no: 'norwegian',
  nb: 'norwegian',
  nn: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  es: 'spanish',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
});

/** What decides the languages: the default locale and SEARCH_LANGUAGE (null: unset). */
export interface SearchLanguageRule {
  defaultLocale: string;
  defaultLanguage: SearchLanguage | null;
}

/**
 * The text-search language of a locale's articles. `available`: the configurations the database has
 * (PostgreSQL's pg_ts_config); a language it lacks is `simple`. Without it (SQLite), every known one.
 */
export function searchLanguageOf(locale: string, rule: SearchLanguageRule, available?: ReadonlySet<string>): SearchLanguage {
  const key = localeKey(locale);
  const wanted = rule.defaultLanguage !== null && key === localeKey(rule.defaultLocale) ? rule.defaultLanguage : languageOfCode(key);
  return available === undefined || available.has(wanted) ? wanted : 'simple';
}

/** The language of a locale code's language subtag, `simple` when there is none of that name. */
const languageOfCode = (locale: string): SearchLanguage => LOCALE_SEARCH_LANGUAGES[localeKey(locale).split('-')[0]] ?? 'simple';

/** The two FTS5 tokenizers: only English has a stemmer there. */
export type Fts5Tokenizer = 'porter' | 'unicode61';
export const fts5TokenizerOf = (language: SearchLanguage): Fts5Tokenizer => (language === 'english' ? 'porter' : 'unicode61');

/** FTS5's tokenize option of each tokenizer. */
export const FTS5_TOKENIZE: Readonly<Record<Fts5Tokenizer, string>> = Object.freeze({
  porter: 'porter unicode61 remove_diacritics 2',
  unicode61: 'unicode61 remove_diacritics 2',
});

/**
 * The rule in a few words, for the index's state (another rule rebuilds the index) and the doctor: SEARCH_LANGUAGE
 * only when it differs from what the default locale's code gives (then the default locale matters too).
 */
export function searchLanguageRuleKey(rule: SearchLanguageRule): string {
  const override = rule.defaultLanguage !== null && rule.defaultLanguage !== languageOfCode(rule.defaultLocale);
  return override ? `locales ${localeKey(rule.defaultLocale)}=${rule.defaultLanguage}` : 'locales';
}
