/** The text-search language of each locale (src/search/languages.ts) and SEARCH_LANGUAGE's meaning now. */
import { fts5TokenizerOf, searchLanguageOf, searchLanguageRuleKey, type SearchLanguageRule } from '../../src/search/languages';
import { searchIndexSignature } from '../../src/search/engine';
import { readSearchSettings } from '../../src/settings/search';

const byCode: SearchLanguageRule = { defaultLocale: 'en', defaultLanguage: null };

describe('searchLanguageOf', () => {
  it.each([
    ['en', 'english'],
    ['en-GB', 'english'],
    ['de', 'german'],
    ['de-AT', 'german'],
    ['fr', 'french'],
    ['es', 'spanish'],
    ['it', 'italian'],
    ['pt-BR', 'portuguese'],
    ['nl', 'dutch'],
    ['sv', 'swedish'],
    ['da', 'danish'],
    ['fi', 'finnish'],
    ['no', 'norwegian'],
    ['nb', 'norwegian'],
    ['ru', 'russian'],
    ['tr', 'turkish'],
    ['hu', 'hungarian'],
    ['ro', 'romanian'],
    ['pl', 'simple'],
    ['ja', 'simple'],
    ['zh-Hant-TW', 'simple'],
  ])('%s reads as %s', (locale, language) => {
    expect(searchLanguageOf(locale, byCode)).toBe(language);
  });

  it('gives SEARCH_LANGUAGE to the default locale only, in any case of its code', () => {
    const rule: SearchLanguageRule = { defaultLocale: 'pt-BR', defaultLanguage: 'simple' };
    expect(searchLanguageOf('pt-br', rule)).toBe('simple');
    expect(searchLanguageOf('pt', rule)).toBe('portuguese');
    expect(searchLanguageOf('en', rule)).toBe('english');
  });

  it('reads a language the database lacks as simple', () => {
    const available = new Set(['simple', 'english', 'german']);
    expect(searchLanguageOf('de', byCode, available)).toBe('german');
    expect(searchLanguageOf('hy', byCode, available)).toBe('simple');
    expect(searchLanguageOf('en', { defaultLocale: 'en', defaultLanguage: 'yiddish' }, available)).toBe('simple');
  });

  it('stems on SQLite (porter) for English only', () => {
    expect(fts5TokenizerOf('english')).toBe('porter');
    expect(fts5TokenizerOf('german')).toBe('unicode61');
    expect(fts5TokenizerOf('simple')).toBe('unicode61');
  });
});

describe('the index signature', () => {
  it('changes when SEARCH_LANGUAGE changes what a locale reads as, and only then', () => {
    const signatures = [
      byCode,
      // Unset, the default locale reads like any other: its code alone decides.
      { defaultLocale: 'de', defaultLanguage: null },
      // The language the code gives anyway.
      { defaultLocale: 'en', defaultLanguage: 'english' as const },
      { defaultLocale: 'en', defaultLanguage: 'german' as const },
      { defaultLocale: 'de', defaultLanguage: 'english' as const },
    ].map((rule) => [searchIndexSignature('sqlite', rule), searchIndexSignature('postgres', rule)]);
    expect(signatures[1]).toEqual(signatures[0]);
    expect(signatures[2]).toEqual(signatures[0]);
    expect(new Set([signatures[0], signatures[3], signatures[4]].flat()).size).toBe(6);
    expect(searchLanguageRuleKey({ defaultLocale: 'pt-BR', defaultLanguage: 'simple' })).toBe('locales pt-br=simple');
  });
});

describe('SEARCH_LANGUAGE', () => {
  it('is unset by default (each locale from its code), a known configuration, or a problem naming it', () => {
    expect(readSearchSettings({})).toEqual({ language: null });
    expect(readSearchSettings({ SEARCH_LANGUAGE: 'German' })).toEqual({ language: 'german' });
    expect(() => readSearchSettings({ SEARCH_LANGUAGE: 'klingon' })).toThrow(/SEARCH_LANGUAGE "klingon" is not one of simple, /);
  });
});
