import { TZDate } from '@date-fns/tz';
import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';
import { readerLocale } from '../locales';
import { MORE_FROM_LIMIT_MAX, MORE_FROM_LIMIT_MIN } from '../settings/news';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A list size from a query string: absent means `fallback`; otherwise a plain decimal integer
 * from 1 to 20 (`-1`, `0`, `21`, `1e9`, `2.5`, `abc`, arrays and objects are refused).
 */
export function parseListLimit(raw: unknown, name: string, fallback: number): Parsed<number> {
  if (raw === undefined) return { ok: true, value: fallback };
  const refuse = (): Parsed<number> => ({
    ok: false,
    message: `${name} must be an integer from ${MORE_FROM_LIMIT_MIN} to ${MORE_FROM_LIMIT_MAX} (got ${JSON.stringify(raw)})`,
  });
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\d{1,3}$/.test(text)) return refuse();
  const value = Number(text);
  return value >= MORE_FROM_LIMIT_MIN && value <= MORE_FROM_LIMIT_MAX ? { ok: true, value } : refuse();
}

/** An optional single string parameter (not an array, not an object). */
export function parseOptionalString(raw: unknown, name: string): Parsed<string | null> {
  if (raw === undefined || raw === '') return { ok: true, value: null };
  if (typeof raw !== 'string') return { ok: false, message: `${name} must be a single string (got ${JSON.stringify(raw)})` };
  return { ok: true, value: raw };
}

/** Why a query was refused: Strapi's `ValidationError` message and details for a query parameter. */
export interface QueryProblem {
  message: string;
  details: { key: string; path: string | null; source: 'query'; param: string };
}

/**
 * The first top-level query key not in `allowed`, as Strapi's own "Invalid key" problem (the one
 * `api.rest.strictParams` gives on core routes), or null. Custom reader routes use it so that a
 * misspelt parameter (`moreFromLimt=3`) is a 400 everywhere instead of a silent default.
 */
export function unknownQueryKey(query: Record<string, unknown>, allowed: readonly string[]): QueryProblem | null {
  const key = Object.keys(query).find((name) => !allowed.includes(name));
  return key === undefined ? null : { message: `Invalid key ${key}`, details: { key, path: null, source: 'query', param: key } };
}

/** Items in a list answer (REST `api.rest`, GraphQL's `pagination`): without a limit, and at the most. */
export const LIST_LIMITS = Object.freeze({ defaultLimit: 25, maxLimit: 100 });

/** Largest page number and offset a list request may ask for: far beyond any real archive, far below what overflows a query. */
export const MAX_PAGE = 1_000_000;
export const MAX_START = 100_000_000;

const PAGINATION_KEYS = ['page', 'pageSize', 'start', 'limit', 'withCount'] as const;

/**
 * Strict pagination for list requests (`pagination[page]`, `[pageSize]`, `[start]`, `[limit]`,
 * `[withCount]`, and the same keys at the top level): plain decimal integers in range, one value
 * each, page and offset styles not mixed. Strapi itself reads `pageSize=abc` as the default,
 * `page=-1` as 1 and `pageSize=1e9` as its maximum; a reader API answers 400 instead, so that a
 * client bug is seen rather than papered over. `maxLimit` is `api.rest.maxLimit`.
 */
export function paginationProblem(query: Record<string, unknown>, maxLimit: number): QueryProblem | null {
  const problem = (param: string, key: string, message: string): QueryProblem => ({
    message,
    details: { key, path: param === key ? null : key, source: 'query', param },
  });
  const given: Array<{ param: string; key: string; raw: unknown }> = [];

  if (query.pagination !== undefined) {
    const pagination = query.pagination;
    if (pagination === null || typeof pagination !== 'object' || Array.isArray(pagination)) {
      return problem(
        'pagination',
        'pagination',
        `pagination must be an object such as pagination[page]=1&pagination[pageSize]=10 (got ${JSON.stringify(pagination)})`,
      );
    }
    for (const [key, raw] of Object.entries(pagination)) {
      if (!(PAGINATION_KEYS as readonly string[]).includes(key)) return problem('pagination', key, `Invalid key ${key} at pagination`);
      given.push({ param: 'pagination', key, raw });
    }
  }
  for (const key of PAGINATION_KEYS) {
    if (key !== 'withCount' && query[key] !== undefined) given.push({ param: key, key, raw: query[key] });
  }

  const ranges: Record<string, [number, number]> = { page: [1, MAX_PAGE], pageSize: [1, maxLimit], start: [0, MAX_START], limit: [1, maxLimit] };
  for (const { param, key, raw } of given) {
    const label = param === key ? key : `pagination[${key}]`;
    if (key === 'withCount') {
      if (raw !== 'true' && raw !== 'false') return problem(param, key, `${label} must be true or false (got ${JSON.stringify(raw)})`);
      continue;
    }
    const [min, max] = ranges[key];
    const value = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
    if (!(value >= min && value <= max)) return problem(param, key, `${label} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  const keys = new Set(given.map((entry) => entry.key));
  if ((keys.has('page') || keys.has('pageSize')) && (keys.has('start') || keys.has('limit'))) {
    const param = given.find((entry) => entry.key === 'start' || entry.key === 'limit')!;
    return problem(param.param, param.key, 'page/pageSize and start/limit pagination cannot be mixed');
  }
  return null;
}

/** `status` and `locale` on list and single reads: one plain string each (`status` draft or published). */
export function scalarParamProblem(query: Record<string, unknown>): QueryProblem | null {
  const problem = (key: string, message: string): QueryProblem => ({ message, details: { key, path: null, source: 'query', param: key } });
  if (query.status !== undefined && query.status !== 'draft' && query.status !== 'published') {
    return problem('status', `status must be draft or published (got ${JSON.stringify(query.status)})`);
  }
  for (const key of ['locale', '_q']) {
    if (query[key] !== undefined && typeof query[key] !== 'string') return problem(key, `${key} must be a single string (got ${JSON.stringify(query[key])})`);
  }
  return null;
}

/** The nesting depth of a JSON value, counted without recursion (a scalar is 0, `[]` and `{}` are 1); stops counting past `limit`. */
export function jsonDepth(value: unknown, limit = Infinity): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, here]);
  }
  return deepest;
}

/**
 * True when a string anywhere in `value` (keys included) holds U+0000. No text in the newsroom
 * contains it, and PostgreSQL refuses it in any text parameter ("invalid byte sequence"), so a
 * request carrying one is a client error, not a database error.
 */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return true;
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

// Query parameters of the search and history routes: one value each, refused with Strapi's ValidationError.

/** Strapi's 400 ValidationError naming the query parameter `param`. */
export const refuseParam = (param: string, message: string): never => {
  throw new errors.ValidationError(message, { source: 'query', param, key: param, path: param });
};

export function stringParam(raw: unknown, param: string): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') return refuseParam(param, `${param}: must be one value (got ${JSON.stringify(raw).slice(0, 80)})`);
  return raw;
}

/**
 * A `locale` parameter: one locale the admin offers, as stored (`pt-br` → `pt-BR`); absent or empty → NEWS_DEFAULT_LOCALE.
 * Anything else is a 400 naming the value and the offered locales (src/locales readerLocale).
 */
export async function localeParam(strapi: Core.Strapi, raw: unknown, param = 'locale'): Promise<string> {
  return readerLocale(strapi, stringParam(raw, param), param);
}

export function integerParam(raw: unknown, param: string, fallback: number, max: number): number {
  if (raw === undefined || raw === null) return fallback;
  const textValue = typeof raw === 'number' ? String(raw) : raw;
  if (typeof textValue !== 'string' || !/^[1-9]\d{0,5}$/.test(textValue) || Number(textValue) > max) {
    return refuseParam(param, `${param}: must be an integer from 1 to ${max} (got ${JSON.stringify(raw).slice(0, 40)})`);
  }
  return Number(textValue);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** True when year, month and day name a day of the calendar (years 1000 to 9999). */
function realDay(year: number, month: number, day: number): boolean {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 1 : 0);
}

/**
 * A `from`/`to` bound: a day (`2016-05-17`, the whole day in the newsroom's time zone: `from` its start,
 * `to` its end) or an instant with its offset (`2016-05-17T21:42:00Z`). Days that do not exist (`2016-02-30`,
 * `T24:00`) are refused, never rolled over.
 */
export function dateParam(raw: string | null, param: 'from' | 'to', timeZone: string): Date | null {
  if (raw === null || raw === '') return null;
  const wrong = (): never =>
    refuseParam(
      param,
      `${param}: must be a date (2016-05-17) or a date and time with its offset (2016-05-17T21:42:00Z), years 1000 to 9999 (got ${JSON.stringify(raw.slice(0, 40))})`,
    );
  const day = DAY.exec(raw);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    if (!realDay(year, month, date)) return wrong();
    if (param === 'from') return new Date(new TZDate(year, month - 1, date, timeZone).getTime());
    return new Date(new TZDate(year, month - 1, date + 1, timeZone).getTime() - 1);
  }
  const instant = INSTANT.exec(raw);
  if (!instant) return wrong();
  const [year, month, date, hour, minute, second, offsetHours, offsetMinutes] = instant.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  if (!realDay(year, month, date) || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return wrong();
  const parsed = new Date(raw);
  return Number.isNaN(parsed.getTime()) ? wrong() : parsed;
}
