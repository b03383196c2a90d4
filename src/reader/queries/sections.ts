/** Sections by slug and by documentId (sections have one row per document: no Draft & Publish). */
import type { Core } from '@strapi/strapi';
import { SECTION } from '../../visibility/definition';
import { recordTags } from '../../cache/record';
import { documentTag, typeTag } from '../../cache/tags';
import { text, textOrNull } from '../decode';
import { rows } from '../driver';
import { names } from '../names';
import { q } from './fragments';

export interface SectionRow {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  description: string | null;
}

interface RawSection {
  id: unknown;
  document_id: unknown;
  name: unknown;
  slug: unknown;
  description: unknown;
}

/** A section by slug, in `locale` when given (slugs are unique per locale), or null. */
export async function loadSectionBySlug(strapi: Core.Strapi, slug: string, locale?: string): Promise<SectionRow | null> {
  const { section: s } = names(strapi);
  const inLocale = locale === undefined ? '' : ` AND ${q(s.locale)} = ?`;
  const [row] = await rows<RawSection>(
    strapi,
    `SELECT id, ${q(s.documentId)} AS document_id, ${q(s.name)} AS name, ${q(s.slug)} AS slug, ${q(s.description)} AS description ` +
      `FROM ${q(s.table)} WHERE ${q(s.slug)} = ?${inLocale} ORDER BY id LIMIT 1`,
    locale === undefined ? [slug] : [slug, locale],
  );
  // A slug that names no section yet may name the next one saved.
  recordTags(strapi, row ? documentTag(SECTION, text(row.document_id)) : typeTag(SECTION));
  return row
    ? { id: Number(row.id), documentId: text(row.document_id), name: text(row.name), slug: text(row.slug), description: textOrNull(row.description) }
    : null;
}

/** The numeric id of a section given its documentId, or null. */
export async function sectionIdOf(strapi: Core.Strapi, documentId: string): Promise<number | null> {
  const { section: s } = names(strapi);
  const [row] = await rows<{ id: unknown }>(strapi, `SELECT id FROM ${q(s.table)} WHERE ${q(s.documentId)} = ? ORDER BY id LIMIT 1`, [documentId]);
  return row ? Number(row.id) : null;
}
