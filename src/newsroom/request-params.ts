import { MORE_FROM_LIMIT_MAX, MORE_FROM_LIMIT_MIN } from './news-settings';

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
