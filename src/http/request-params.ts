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
