/** Sections by slug and by documentId, in one locale (sections have one row per document and locale: no Draft & Publish). */
import type { Core } from '@strapi/strapi';
import { SECTION } from '../../visibility/definition';
import { recordTags } from '../../cache/record';
import { documentTag, typeTag } from '../../cache/tags';
import { text, textOrNull } from '../decode';
import { rows } from '../driver';
import { names } from '../names';
import { q } from './fragments';
import { defaultLocale } from '../../locales';

export interface SectionRow {
  id: number;
  documentId: string;
  locale: string;
  name: string;
  slug: string;
  description: string | null;
}

interface RawSection {
  id: unknown;
  document_id: unknown;
  locale: unknown;
  name: unknown;
  slug: unknown;
  description: unknown;
}

/** A section by slug in `locale` (NEWS_DEFAULT_LOCALE when not given), or null. */
export async function loadSectionBySlug(strapi: Core.Strapi, slug: string, locale?: string): Promise<SectionRow | null> {
  const { section: s } = names(strapi);
  const [row] = await rows<RawSection>(
    strapi,
    `SELECT id, ${q(s.documentId)} AS document_id, ${q(s.locale)} AS locale, ${q(s.name)} AS name, ${q(s.slug)} AS slug, ` +
      `${q(s.description)} AS description FROM ${q(s.table)} WHERE ${q(s.slug)} = ? AND ${q(s.locale)} = ? ORDER BY id LIMIT 1`,
    [slug, locale ?? defaultLocale(strapi)],
  );
  // A slug that names no section yet may name the next one saved.
  recordTags(strapi, row ? documentTag(SECTION, text(row.document_id)) : typeTag(SECTION));
  return row
    ? {
        id: Number(row.id),
        documentId: text(row.document_id),
        locale: text(row.locale),
        name: text(row.name),
        slug: text(row.slug),
        description: textOrNull(row.description),
      }
    : null;
}

/** The numeric id of a section's row in `locale` (NEWS_DEFAULT_LOCALE when not given) given its documentId, or null. */
export async function sectionIdOf(strapi: Core.Strapi, documentId: string, locale?: string): Promise<number | null> {
  const { section: s } = names(strapi);
  const [row] = await rows<{ id: unknown }>(strapi, `SELECT id FROM ${q(s.table)} WHERE ${q(s.documentId)} = ? AND ${q(s.locale)} = ? ORDER BY id LIMIT 1`, [
    documentId,
    locale ?? defaultLocale(strapi),
  ]);
  return row ? Number(row.id) : null;
}
