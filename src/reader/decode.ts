/**
 * Column values as the drivers hand them back, decoded once into what the Document Service would return:
 * SQLite gives datetimes as epoch milliseconds and JSON as text, PostgreSQL gives Dates, parsed JSON and
 * bigint counts as strings.
 */

/** Datetimes as ISO strings, or null. */
export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' && typeof value !== 'number' && !(value instanceof Date)) return null;
  const date = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** JSON columns as Strapi's JSON field reads them (SQLite hands back text, sometimes encoded twice). */
export function json(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? JSON.parse(parsed) : parsed;
  } catch {
    return value;
  }
}

/** A number column, or null when empty. */
export const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** A text column's value: the drivers hand back strings; a missing value reads as ''. */
export const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'bigint' ? String(value) : '';

/** A text column that may be empty: null when it is. */
export const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : text(value));

/** A row id (numeric ids come back as numbers on SQLite, sometimes as strings on PostgreSQL), or null. */
export const idOrNull = num;
