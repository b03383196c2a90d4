/**
 * The locales' settings (NEWS_DEFAULT_LOCALE, NEWS_LOCALE_FALLBACK, NEWS_LOCALE_<TAG>_*) and the words and
 * dates they give a page: German day names, labels and zones, across a daylight-saving change.
 */
import { readNewsSettings } from '../../src/settings/news';
import { SettingsError } from '../../src/settings';
import { dateFnsLocale, isLocaleCode, moreFromTitleIn, wordsOf } from '../../src/settings/locales';
import { formatLastUpdate } from '../../src/newsroom/last-update';

const GERMAN = {
  NEWS_LOCALE_DE_TIMEZONE: 'Europe/Berlin',
  NEWS_LOCALE_DE_DATE_FORMAT: 'EEE, dd.MM.yyyy, HH:mm',
  NEWS_LOCALE_DE_DATE_LOCALE: 'de',
  NEWS_LOCALE_DE_LAST_UPDATE_LABEL: 'Letzte Aktualisierung:',
  NEWS_LOCALE_DE_MORE_FROM_TITLE: 'Mehr aus {section}',
};

function problems(env: Record<string, string>): string[] {
  try {
    readNewsSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return [...(error as SettingsError).problems];
  }
  throw new Error('expected a SettingsError');
}

const at = (iso: string) => new Date(iso);

describe('locale settings', () => {
  test('unset: English everywhere, default locale en, no fallback', () => {
    const { locales } = readNewsSettings({});
    expect(locales.defaultLocale).toBe('en');
    expect(locales.fallbackLocale).toBeNull();
    const words = wordsOf(locales, 'de');
    expect(words).toEqual({
      timeZone: 'UTC',
      dateFormat: 'EEE, dd/MM/yyyy - HH:mm',
      dateLocale: 'enUS',
      lastUpdateLabel: 'Last update:',
      moreFromTitle: 'More from {section}',
    });
    expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), words).label).toBe('Last update: Tue, 17/05/2016 - 19:42');
  });

  test('German settings give the German line and title; English keeps its own', () => {
    const { locales } = readNewsSettings({ ...GERMAN, NEWS_TIMEZONE: 'Europe/London' });
    const german = wordsOf(locales, 'de');
    expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), german).label).toBe('Letzte Aktualisierung: Di., 17.05.2016, 21:42');
    expect(moreFromTitleIn(german, 'Welt')).toBe('Mehr aus Welt');
    const english = wordsOf(locales, 'en');
    expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), english).label).toBe('Last update: Tue, 17/05/2016 - 20:42');
    expect(moreFromTitleIn(english, 'World')).toBe('More from World');
    // Locale codes are compared without case: `de-DE` is not `de`, `DE` is.
    expect(wordsOf(locales, 'DE')).toBe(german);
    expect(wordsOf(locales, 'de-DE')).toBe(locales.defaults);
  });

  test('a daylight-saving change in the locale zone: the clock jumps, the instants do not', () => {
    const german = wordsOf(readNewsSettings(GERMAN).locales, 'de');
    // 27 March 2016: 02:00 CET became 03:00 CEST in Berlin.
    expect(formatLastUpdate(at('2016-03-27T00:59:00Z'), german).formatted).toBe('So., 27.03.2016, 01:59');
    expect(formatLastUpdate(at('2016-03-27T01:00:00Z'), german).formatted).toBe('So., 27.03.2016, 03:00');
    // 30 October 2016: 03:00 CEST became 02:00 CET: two instants an hour apart read 02:30.
    expect(formatLastUpdate(at('2016-10-30T00:30:00Z'), german).formatted).toBe('So., 30.10.2016, 02:30');
    expect(formatLastUpdate(at('2016-10-30T01:30:00Z'), german).formatted).toBe('So., 30.10.2016, 02:30');
    expect(formatLastUpdate(at('2016-01-15T19:42:00Z'), german).formatted).toBe('Fr., 15.01.2016, 20:42');
  });

  test('a locale with a region and a date-fns locale by its BCP 47 name', () => {
    const { locales } = readNewsSettings({ NEWS_LOCALE_PT_BR_DATE_LOCALE: 'pt-BR', NEWS_LOCALE_PT_BR_DATE_FORMAT: "EEEE, d 'de' MMMM" });
    expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), wordsOf(locales, 'pt-BR')).formatted).toBe('terça-feira, 17 de maio');
    expect(dateFnsLocale('enGB')?.code).toBe('en-GB');
    expect(dateFnsLocale('en_GB')?.code).toBe('en-GB');
    expect(dateFnsLocale('klingon')).toBeUndefined();
    expect(dateFnsLocale('constructor')).toBeUndefined();
  });

  test('default and fallback locales are read as codes', () => {
    expect(readNewsSettings({ NEWS_DEFAULT_LOCALE: 'de', NEWS_LOCALE_FALLBACK: 'en' }).locales).toMatchObject({ defaultLocale: 'de', fallbackLocale: 'en' });
    expect(isLocaleCode('pt-BR')).toBe(true);
    expect(isLocaleCode('zh-Hant-TW')).toBe(true);
    for (const bad of ['', 'e', 'EN', 'en_US', 'en-', '*', 'de;drop', 'x'.repeat(40), 'en-US-'.repeat(8)]) expect(isLocaleCode(bad)).toBe(false);
  });

  test('every invalid setting stops the start, each naming its variable and locale', () => {
    const found = problems({
      NEWS_DEFAULT_LOCALE: 'English',
      NEWS_LOCALE_FALLBACK: '*',
      NEWS_LOCALE_DE_TIMEZONE: 'Europe/Berln',
      NEWS_LOCALE_DE_DATE_LOCALE: 'deutsch',
      NEWS_LOCALE_FR_DATE_FORMAT: 'YYYY',
      NEWS_LOCALE_FR_MORE_FROM_TITLE: 'Plus de la rubrique',
      NEWS_LOCALE_IT_LAST_UPDATE_LABEL: 'Aggiornato <b>',
      NEWS_LOCALE_DE_COLOUR: 'blue',
    });
    expect(found).toEqual([
      'NEWS_DEFAULT_LOCALE "English" is not a locale code (examples: en, de, pt-BR)',
      'NEWS_LOCALE_FALLBACK "*" is not a locale code (examples: en, de, pt-BR)',
      expect.stringMatching(/^NEWS_LOCALE_DE_COLOUR is not a locale setting/),
      'NEWS_LOCALE_DE_TIMEZONE "Europe/Berln" (locale de) is not an IANA time zone (example: Europe/Berlin)',
      'NEWS_LOCALE_DE_DATE_LOCALE "deutsch" (locale de) is not a date-fns locale (examples: de, fr, enGB, ptBR)',
      expect.stringMatching(/^NEWS_LOCALE_FR_DATE_FORMAT "YYYY" \(locale fr\) is not a usable date-fns format pattern: use `yyyy` instead of `YYYY`/),
      'NEWS_LOCALE_FR_MORE_FROM_TITLE "Plus de la rubrique" (locale fr) has no {section} for the section name (example: More from {section})',
      'NEWS_LOCALE_IT_LAST_UPDATE_LABEL "Aggiornato <b>" (locale it) holds control characters or < >',
    ]);
  });
});
