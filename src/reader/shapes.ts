/** How stored rows (src/reader/sql.ts) become the reader-facing shapes. */
import type { CandidateArticle, ImageRef, SectionRef } from '../newsroom/more-from';

type Row = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export function toSectionRef(value: unknown): SectionRef | null {
  if (!value || typeof value !== 'object') return null;
  const row = value as Row;
  const name = str(row.name);
  const slug = str(row.slug);
  return name !== null && slug !== null ? { name, slug } : null;
}

export function toImageRef(value: unknown): ImageRef | null {
  if (!value || typeof value !== 'object') return null;
  const row = value as Row;
  const url = str(row.url);
  if (url === null) return null;
  let formats: ImageRef['formats'] = null;
  if (row.formats && typeof row.formats === 'object') {
    formats = {};
    for (const [name, format] of Object.entries(row.formats as Record<string, Row>)) {
      const formatUrl = str(format?.url);
      if (formatUrl !== null) formats[name] = { url: formatUrl, width: num(format.width), height: num(format.height) };
    }
  }
  return {
    url,
    alternativeText: str(row.alternativeText),
    caption: str(row.caption),
    width: num(row.width),
    height: num(row.height),
    mime: str(row.mime),
    formats,
  };
}

export function toCandidate(value: Row): CandidateArticle {
  return {
    documentId: String(value.documentId),
    slug: str(value.slug) ?? '',
    title: str(value.title) ?? '',
    body: value.body ?? null,
    publicationDate: str(value.publicationDate),
    publishedAt: str(value.publishedAt),
    cover: toImageRef(value.cover),
    section: toSectionRef(value.section),
  };
}
