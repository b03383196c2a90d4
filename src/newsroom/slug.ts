import slugify from 'slugify';

/** Lower-case ASCII letters and digits in words joined by single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 100;
/** Room kept at the end of a generated slug for a `-N` clash suffix. */
const SUFFIX_ROOM = 6;

export function isValidSlug(value: unknown): value is string {
  return typeof value === 'string' && value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value);
}

/**
 * The locales whose transliteration differs from the general one (slugify's locale tables): German writes
 * ü as ue, Danish ø as oe, Swedish å as aa, Bulgarian and Ukrainian Cyrillic by their own romanisation, and
 * several spell `&` as their word for "and". Every other locale uses the general table (ü → u).
 */
export const SLUG_LOCALES = ['bg', 'da', 'de', 'es', 'fr', 'it', 'nb', 'nl', 'pt', 'sv', 'uk', 'vi'] as const;

/**
 * The slugify table of a locale code: the code's language (`de-CH` → `de`, `pt-BR` → `pt`) when it has
 * one of its own, else none.
 */
export function slugLocaleOf(locale: string | null | undefined): string | undefined {
  if (typeof locale !== 'string') return undefined;
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return (SLUG_LOCALES as readonly string[]).includes(language) ? language : undefined;
}

/**
 * The slug for a title in `locale`: transliterated by the locale's convention (German `Über Brücken` →
 * `ueber-bruecken`; without a locale, or in English, `Zürich Über Alles` → `zurich-uber-alles`), lower
 * case, strict, cut at a word boundary when long. Text with nothing to transliterate falls back to `fallback`.
 */
export function slugFrom(text: string, fallback: string, locale?: string | null): string {
  const table = slugLocaleOf(locale);
  const full = slugify(text, { lower: true, strict: true, trim: true, ...(table ? { locale: table } : {}) });
  const limit = SLUG_MAX_LENGTH - SUFFIX_ROOM;
  let slug = full;
  if (slug.length > limit) {
    const cut = slug.slice(0, limit + 1);
    const lastHyphen = cut.lastIndexOf('-');
    slug = lastHyphen > 0 ? cut.slice(0, lastHyphen) : cut.slice(0, limit);
  }
  return slug.replace(/-+$/, '') || fallback;
}

/** `base` when free, else the first of `base-2`, `base-3`, … that is not taken. */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
