import { DEFAULT_NEWS_SETTINGS, dateFormatProblem, isValidTimeZone, readNewsSettings } from '../../src/settings/news';
import { SettingsError } from '../../src/settings';
import type { NewsSettings } from '../../src/settings/news';

/** The settings without the locales' (tests/unit/locale-settings.test.ts reads those). */
const withoutLocales = ({ locales: _locales, ...rest }: NewsSettings) => rest;

/** Runs `fn`, expecting a SettingsError, and returns it. */
function settingsError(env: Record<string, string | undefined>): SettingsError {
  try {
    readNewsSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error(`expected readNewsSettings(${JSON.stringify(env)}) to throw`);
}

describe('DEFAULT_NEWS_SETTINGS', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_NEWS_SETTINGS).toEqual({
      timeZone: 'UTC',
      dateFormat: 'EEE, dd/MM/yyyy - HH:mm',
      moreFromLimit: 5,
      cacheMaxAge: 60,
    });
  });
});

describe('readNewsSettings', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    // date-fns console.warns about YYYY/DD before throwing; keep the test output clean.
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('uses the defaults when nothing is set', () => {
    expect(withoutLocales(readNewsSettings({}))).toEqual({
      timeZone: 'UTC',
      dateFormat: 'EEE, dd/MM/yyyy - HH:mm',
      moreFromLimit: 5,
      cacheMaxAge: 60,
    });
  });

  it('treats empty and whitespace-only values as unset', () => {
    expect(withoutLocales(readNewsSettings({ NEWS_TIMEZONE: '', NEWS_DATE_FORMAT: '', NEWS_MORE_FROM_LIMIT: '  ', NEWS_CACHE_MAX_AGE: '\t' }))).toEqual(
      DEFAULT_NEWS_SETTINGS,
    );
  });

  it('reads valid values (trimmed)', () => {
    expect(
      withoutLocales(
        readNewsSettings({
          NEWS_TIMEZONE: ' Europe/Berlin ',
          NEWS_DATE_FORMAT: "d MMMM yyyy 'at' HH:mm",
          NEWS_MORE_FROM_LIMIT: '12',
          NEWS_CACHE_MAX_AGE: '0',
          UNRELATED: 'ignored',
        }),
      ),
    ).toEqual({ timeZone: 'Europe/Berlin', dateFormat: "d MMMM yyyy 'at' HH:mm", moreFromLimit: 12, cacheMaxAge: 0 });
  });

  it('does not mutate the defaults', () => {
    const settings = readNewsSettings({});
    settings.moreFromLimit = 99;
    expect(readNewsSettings({}).moreFromLimit).toBe(5);
  });

  describe('NEWS_TIMEZONE', () => {
    it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'])('accepts %s', (zone) => {
      expect(readNewsSettings({ NEWS_TIMEZONE: zone }).timeZone).toBe(zone);
    });

    it('rejects an unknown zone with a message naming the variable, the value and the expectation', () => {
      const error = settingsError({ NEWS_TIMEZONE: 'Mars/Olympus' });
      expect(error.message).toBe('NEWS_TIMEZONE "Mars/Olympus" is not an IANA time zone (example: Europe/Berlin)');
      expect(error.problems).toEqual([error.message]);
    });

    it.each(['Berlin', 'CET+1', 'Europe/Berlin/Mitte', '+25:00'])('rejects %s', (zone) => {
      expect(settingsError({ NEWS_TIMEZONE: zone }).message).toMatch(/^NEWS_TIMEZONE /);
    });
  });

  describe('NEWS_DATE_FORMAT', () => {
    it.each(['yyyy-MM-dd HH:mm', 'dd.MM.yyyy', "EEEE 'the' do 'of' MMMM", 'HH:mm'])('accepts %s', (pattern) => {
      expect(readNewsSettings({ NEWS_DATE_FORMAT: pattern }).dateFormat).toBe(pattern);
    });

    it('rejects YYYY (week-numbering year) and says what to use instead', () => {
      const error = settingsError({ NEWS_DATE_FORMAT: 'DD/MM/YYYY' });
      expect(error.problems).toHaveLength(1);
      expect(error.message).toContain('NEWS_DATE_FORMAT "DD/MM/YYYY"');
      expect(error.message).toMatch(/instead of `(DD|YYYY)`/);
      expect(error.message).toContain('(example: EEE, dd/MM/yyyy - HH:mm)');
    });

    it('rejects unescaped latin letters that are not tokens', () => {
      const error = settingsError({ NEWS_DATE_FORMAT: 'dd.MM.yyyy HH:mm Uhr' });
      expect(error.message).toMatch(/^NEWS_DATE_FORMAT "dd.MM.yyyy HH:mm Uhr" is not a usable date-fns format pattern/);
    });

    it('rejects a pattern that formats to nothing', () => {
      const error = settingsError({ NEWS_DATE_FORMAT: "'" });
      expect(error.message).toContain('NEWS_DATE_FORMAT "\'"');
      expect(error.message).toContain('empty');
    });
  });

  describe('NEWS_MORE_FROM_LIMIT', () => {
    it.each([
      ['1', 1],
      ['20', 20],
      ['007', 7],
      [' 3 ', 3],
    ])('accepts %j as %d', (value, expected) => {
      expect(readNewsSettings({ NEWS_MORE_FROM_LIMIT: value }).moreFromLimit).toBe(expected);
    });

    it.each(['0', '21', '-1', '5.5', '5.0', '1e1', 'five', '0x10', '+5', '3 4'])('rejects %j', (value) => {
      const error = settingsError({ NEWS_MORE_FROM_LIMIT: value });
      expect(error.message).toBe(`NEWS_MORE_FROM_LIMIT ${JSON.stringify(value.trim())} is not an integer from 1 to 20 (example: 5)`);
    });
  });

  describe('NEWS_CACHE_MAX_AGE', () => {
    it.each([
      ['0', 0],
      ['60', 60],
      ['86400', 86400],
    ])('accepts %j as %d', (value, expected) => {
      expect(readNewsSettings({ NEWS_CACHE_MAX_AGE: value }).cacheMaxAge).toBe(expected);
    });

    it.each(['-1', '1.5', 'sixty', '99999999999999999999'])('rejects %j', (value) => {
      const error = settingsError({ NEWS_CACHE_MAX_AGE: value });
      expect(error.message).toBe(`NEWS_CACHE_MAX_AGE ${JSON.stringify(value)} is not an integer number of seconds >= 0 (example: 60)`);
    });
  });

  it('reports every problem together, one per line', () => {
    const error = settingsError({
      NEWS_TIMEZONE: 'Mars/Olympus',
      NEWS_DATE_FORMAT: 'YYYY',
      NEWS_MORE_FROM_LIMIT: '50',
      NEWS_CACHE_MAX_AGE: '-5',
    });
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('NEWS_TIMEZONE "Mars/Olympus" is not an IANA time zone (example: Europe/Berlin)');
    expect(lines[1]).toMatch(/^NEWS_DATE_FORMAT "YYYY" /);
    expect(lines[2]).toBe('NEWS_MORE_FROM_LIMIT "50" is not an integer from 1 to 20 (example: 5)');
    expect(lines[3]).toBe('NEWS_CACHE_MAX_AGE "-5" is not an integer number of seconds >= 0 (example: 60)');
    expect(error.problems).toEqual(lines);
  });

  it('reports only the bad variables when some are fine', () => {
    const error = settingsError({ NEWS_TIMEZONE: 'Europe/Berlin', NEWS_MORE_FROM_LIMIT: '0', NEWS_CACHE_MAX_AGE: 'x' });
    expect(error.problems.map((line) => line.split(' ')[0])).toEqual(['NEWS_MORE_FROM_LIMIT', 'NEWS_CACHE_MAX_AGE']);
  });

  it('throws a real Error subclass', () => {
    const error = settingsError({ NEWS_TIMEZONE: 'Nowhere' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SettingsError');
    expect(String(error)).toBe('SettingsError: NEWS_TIMEZONE "Nowhere" is not an IANA time zone (example: Europe/Berlin)');
  });
});

describe('isValidTimeZone / dateFormatProblem', () => {
  it('validates zones', () => {
    expect(isValidTimeZone('Asia/Kolkata')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('explains bad patterns and accepts good ones', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(dateFormatProblem('EEE, dd/MM/yyyy - HH:mm')).toBeNull();
      expect(dateFormatProblem('YYYY')).toBe('use `yyyy` instead of `YYYY`');
      expect(dateFormatProblem('j')).toMatch(/unescaped latin alphabet character `j`/);
      expect(dateFormatProblem("' '")).toBe('it formats to an empty string');
    } finally {
      warn.mockRestore();
    }
  });
});
