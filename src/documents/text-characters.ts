/**
 * Text no database keeps as it was written: PostgreSQL refuses U+0000 (NUL) in text and jsonb columns
 * (a database error), SQLite stores it. Over HTTP the request guard refuses such a body already; this
 * check covers every other writer of the Document Service (scripts, the seed, plugins): a write whose
 * data holds it anywhere (a title, a blocks body, a component) is a ValidationError naming the field, on
 * both databases alike.
 */
import type { Modules } from '@strapi/strapi';
import { fieldError } from './errors';
import { writeParams } from './write-params';

const WRITES = new Set(['create', 'update', 'publish']);
/** Deeper than any blocks body an editor can make; a deeper value is left to Strapi's own validation. */
const MAX_DEPTH = 64;

/** The top-level field whose value holds a NUL character somewhere, or null. */
export function fieldWithNul(data: Record<string, unknown>): string | null {
  const holds = (value: unknown, depth: number): boolean => {
    if (typeof value === 'string') return value.includes('\u0000');
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
    return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || holds(inner, depth + 1));
  };
  return Object.entries(data).find(([key, value]) => key.includes('\u0000') || holds(value, 0))?.[0] ?? null;
}

/** Document Service middleware: refuses a write whose data holds U+0000, before it reaches the database. */
export const textCharactersMiddleware: Modules.Documents.Middleware.Middleware = async (context, next) => {
  if (!WRITES.has(context.action)) return next();
  const data = writeParams(context).data;
  const field = data && fieldWithNul(data);
  if (field !== null && field !== undefined) {
    throw fieldError(field, `${field} contains the character U+0000 (NUL), which cannot be stored: remove it`);
  }
  return next();
};
