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
 * The slug for a title: transliterated, lower case, strict (`Zürich Über Alles` → `zurich-uber-alles`),
 * cut at a word boundary when long. Text with nothing to transliterate falls back to `fallback`.
 */
export function slugFrom(text: string, fallback: string): string {
  const full = slugify(text, { lower: true, strict: true, trim: true });
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
