import fc from 'fast-check';
import { formatLastUpdate, lastUpdateInstant } from '../../src/newsroom/last-update';
import { DEFAULT_NEWS_SETTINGS } from '../../src/settings/news';

const defaults = { timeZone: 'UTC', dateFormat: 'EEE, dd/MM/yyyy - HH:mm' };
const at = (iso: string) => new Date(iso);
const inZone = (timeZone: string, dateFormat = defaults.dateFormat) => ({ timeZone, dateFormat });

describe('lastUpdateInstant', () => {
  it('prefers lastUpdatedAt', () => {
    expect(lastUpdateInstant({ lastUpdatedAt: '2016-05-17T19:42:00.000Z', publishedAt: '2016-05-17T08:00:00.000Z' })?.toISOString()).toBe(
      '2016-05-17T19:42:00.000Z',
    );
  });

  it('falls back to publishedAt', () => {
    expect(lastUpdateInstant({ lastUpdatedAt: null, publishedAt: '2016-05-17T08:00:00.000Z' })?.toISOString()).toBe('2016-05-17T08:00:00.000Z');
    expect(lastUpdateInstant({ publishedAt: at('2016-05-17T08:00:00Z') })?.toISOString()).toBe('2016-05-17T08:00:00.000Z');
  });

  it('moves to a correction made after the publication, unless an editor set lastUpdatedAt', () => {
    const published = '2016-05-17T08:00:00.000Z';
    expect(lastUpdateInstant({ publishedAt: published, correctedAt: '2016-05-18T09:30:00.000Z' })?.toISOString()).toBe('2016-05-18T09:30:00.000Z');
    // Republished after the correction: the publication is the later.
    expect(lastUpdateInstant({ publishedAt: '2016-05-19T00:00:00.000Z', correctedAt: at('2016-05-18T09:30:00Z') })?.toISOString()).toBe(
      '2016-05-19T00:00:00.000Z',
    );
    expect(
      lastUpdateInstant({ lastUpdatedAt: '2016-05-17T19:42:00.000Z', publishedAt: published, correctedAt: '2016-05-18T09:30:00.000Z' })?.toISOString(),
    ).toBe('2016-05-17T19:42:00.000Z');
    // A correction alone never dates an unpublished version.
    expect(lastUpdateInstant({ publishedAt: null, correctedAt: '2016-05-18T09:30:00.000Z' })).toBeNull();
  });

  it('treats empty and unparseable values as unset', () => {
    expect(lastUpdateInstant({ lastUpdatedAt: '', publishedAt: '2016-01-01T00:00:00Z' })?.toISOString()).toBe('2016-01-01T00:00:00.000Z');
    expect(lastUpdateInstant({ lastUpdatedAt: 'yesterday-ish', publishedAt: '2016-01-01T00:00:00Z' })?.toISOString()).toBe('2016-01-01T00:00:00.000Z');
    expect(lastUpdateInstant({ lastUpdatedAt: new Date(Number.NaN), publishedAt: null })).toBeNull();
  });

  it('returns null when neither is set (a draft)', () => {
    expect(lastUpdateInstant({})).toBeNull();
    expect(lastUpdateInstant({ lastUpdatedAt: null, publishedAt: null })).toBeNull();
    expect(lastUpdateInstant(null as never)).toBeNull();
  });

  it('accepts Date objects and returns a copy', () => {
    const original = at('2016-05-17T19:42:00Z');
    const result = lastUpdateInstant({ lastUpdatedAt: original });
    expect(result).not.toBe(original);
    expect(result?.getTime()).toBe(original.getTime());
  });
});

describe('formatLastUpdate', () => {
  it('formats the article page example with the default settings', () => {
    expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), DEFAULT_NEWS_SETTINGS)).toEqual({
      datetime: '2016-05-17T19:42:00.000Z',
      formatted: 'Tue, 17/05/2016 - 19:42',
      label: 'Last update: Tue, 17/05/2016 - 19:42',
      timeZone: 'UTC',
    });
  });

  it('keeps datetime in UTC whatever the display zone', () => {
    const result = formatLastUpdate(at('2016-05-17T19:42:00Z'), inZone('Asia/Kolkata'));
    expect(result.datetime).toBe('2016-05-17T19:42:00.000Z');
    expect(result.timeZone).toBe('Asia/Kolkata');
  });

  describe('Europe/Berlin across DST changes', () => {
    const berlin = inZone('Europe/Berlin');

    it('spring forward: 00:59Z is 01:59 CET, 01:00Z is 03:00 CEST', () => {
      expect(formatLastUpdate(at('2016-03-27T00:59:00Z'), berlin).label).toBe('Last update: Sun, 27/03/2016 - 01:59');
      expect(formatLastUpdate(at('2016-03-27T01:00:00Z'), berlin).label).toBe('Last update: Sun, 27/03/2016 - 03:00');
    });

    it('fall back: 00:59Z is 02:59 CEST, 01:00Z is 02:00 CET', () => {
      const withOffset = inZone('Europe/Berlin', 'dd/MM/yyyy HH:mm xxx');
      expect(formatLastUpdate(at('2016-10-30T00:59:00Z'), withOffset).formatted).toBe('30/10/2016 02:59 +02:00');
      expect(formatLastUpdate(at('2016-10-30T01:00:00Z'), withOffset).formatted).toBe('30/10/2016 02:00 +01:00');
    });

    it('summer and winter offsets', () => {
      expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), berlin).formatted).toBe('Tue, 17/05/2016 - 21:42');
      expect(formatLastUpdate(at('2016-01-15T19:42:00Z'), berlin).formatted).toBe('Fri, 15/01/2016 - 20:42');
    });
  });

  it('America/New_York (EDT in May, EST in January, crossing the date line back a day)', () => {
    const ny = inZone('America/New_York');
    expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), ny).formatted).toBe('Tue, 17/05/2016 - 15:42');
    expect(formatLastUpdate(at('2016-01-15T03:30:00Z'), ny).formatted).toBe('Thu, 14/01/2016 - 22:30');
  });

  it('Asia/Kolkata (+05:30, moving to the next day)', () => {
    expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), inZone('Asia/Kolkata')).label).toBe('Last update: Wed, 18/05/2016 - 01:12');
  });

  it('uses a custom pattern', () => {
    const pattern = "d MMMM yyyy 'at' HH:mm";
    expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), inZone('UTC', pattern)).formatted).toBe('17 May 2016 at 19:42');
    expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), inZone('Europe/Berlin', pattern)).label).toBe('Last update: 17 May 2016 at 21:42');
  });

  it('does not depend on the machine time zone', () => {
    const previous = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Auckland';
      expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), defaults).formatted).toBe('Tue, 17/05/2016 - 19:42');
      process.env.TZ = 'America/Los_Angeles';
      expect(formatLastUpdate(at('2016-05-17T19:42:00Z'), inZone('Asia/Kolkata')).formatted).toBe('Wed, 18/05/2016 - 01:12');
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it('rejects an unknown zone and an invalid date with RangeError', () => {
    expect(() => formatLastUpdate(at('2016-05-17T19:42:00Z'), inZone('Mars/Olympus'))).toThrow(RangeError);
    expect(() => formatLastUpdate(new Date(Number.NaN), defaults)).toThrow(RangeError);
  });

  describe('properties', () => {
    const instant = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

    it('in UTC the formatted wall-clock time matches the ISO string', () => {
      fc.assert(
        fc.property(instant, (date) => {
          const result = formatLastUpdate(date, inZone('UTC', "yyyy-MM-dd'T'HH:mm:ss"));
          expect(result.formatted).toBe(date.toISOString().slice(0, 19));
          expect(result.datetime).toBe(date.toISOString());
          expect(result.label).toBe(`Last update: ${result.formatted}`);
        }),
      );
    });

    it('Asia/Kolkata is always UTC+05:30 (no DST since 1945)', () => {
      fc.assert(
        fc.property(instant, (date) => {
          const shifted = new Date(date.getTime() + 5.5 * 3600 * 1000);
          expect(formatLastUpdate(date, inZone('Asia/Kolkata', "yyyy-MM-dd'T'HH:mm:ss")).formatted).toBe(shifted.toISOString().slice(0, 19));
        }),
      );
    });
  });
});
