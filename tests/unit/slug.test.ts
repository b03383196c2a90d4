/**
 * The newsroom slug rule per locale (src/newsroom/slug.ts): each locale transliterates by its own
 * convention (slugify's locale tables); a locale without one, and no locale, use the general table.
 */
import { isValidSlug, SLUG_LOCALES, slugFrom, slugLocaleOf } from '../../src/newsroom/slug';

describe('slugFrom per locale', () => {
  test.each([
    // [text, locale, slug]
    ['Zürich Über Alles', undefined, 'zurich-uber-alles'],
    ['Zürich Über Alles', 'en', 'zurich-uber-alles'],
    ['Über Brücken', 'de', 'ueber-bruecken'],
    ['Zürich Über Alles', 'de', 'zuerich-ueber-alles'],
    ['Ärger über Köln', 'de', 'aerger-ueber-koeln'],
    ['Straße & Maß: 5 % mehr', 'de', 'strasse-und-mass-5-prozent-mehr'],
    ['Über Brücken', 'de-CH', 'ueber-bruecken'],
    ['Über Brücken', 'DE', 'ueber-bruecken'],
    ['Über Brücken', 'fr', 'uber-brucken'],
    ['Prix & qualité', 'fr', 'prix-et-qualite'],
    ['Ação & reação', 'pt-BR', 'acao-e-reacao'],
    ['Ørsted køber Ærø', 'da', 'oersted-koeber-aeroe'],
    ['Åre och Västerås', 'sv', 'aare-och-vaesteraas'],
    ['Гора Говерла', undefined, 'gora-goverla'],
    ['Гора Говерла', 'uk', 'hora-hoverla'],
    ['Щит', 'uk', 'shchyt'],
    ['Щит', 'bg', 'shtit'],
    ['Đà Nẵng', 'vi', 'da-nang'],
    ['Über Brücken', 'tr', 'uber-brucken'],
  ])('%j in %s is %j', (text, locale, slug) => {
    expect(slugFrom(text, 'article', locale)).toBe(slug);
    expect(isValidSlug(slug)).toBe(true);
  });

  test('the locale decides only the letters: nothing to spell still falls back, long titles are still cut between words', () => {
    expect(slugFrom('…', 'article', 'de')).toBe('article');
    const long = slugFrom('Überraschung '.repeat(20), 'article', 'de');
    expect(long.length).toBeLessThanOrEqual(94);
    expect(long).toMatch(/^(ueberraschung-)*ueberraschung$/);
  });

  test('a locale code names its table by its language; unknown languages and non-strings have none', () => {
    expect(slugLocaleOf('de')).toBe('de');
    expect(slugLocaleOf('de-AT')).toBe('de');
    expect(slugLocaleOf('pt-BR')).toBe('pt');
    expect(slugLocaleOf('nb')).toBe('nb');
    expect(slugLocaleOf('en')).toBeUndefined();
    expect(slugLocaleOf('tr')).toBeUndefined();
    expect(slugLocaleOf(null)).toBeUndefined();
    expect(slugLocaleOf(undefined)).toBeUndefined();
    expect([...SLUG_LOCALES].sort()).toEqual(['bg', 'da', 'de', 'es', 'fr', 'it', 'nb', 'nl', 'pt', 'sv', 'uk', 'vi']);
  });
});
