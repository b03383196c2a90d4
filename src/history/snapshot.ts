/**
 * A version's content: every field of a document as an editor sees it, relations by documentId, media by file id,
 * components as plain objects. Built from the schema, so a field added later is recorded without a change here.
 */
import type { Core, UID } from '@strapi/strapi';
import { isLocalizedType } from '../locales';

/** The content types whose changes are recorded. */
export const HISTORY_TYPES = ['api::article.article', 'api::teaser.teaser', 'api::section.section'] as const;
export type HistoryUid = (typeof HISTORY_TYPES)[number];
export const isHistoryUid = (uid: unknown): uid is HistoryUid => (HISTORY_TYPES as readonly unknown[]).includes(uid);

/** Kept by Strapi or computed by the product: never part of a version, never restored. */
const SYSTEM_FIELDS = new Set(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations']);
/** Computed from other fields (src/documents/sync-reader-last-update.ts, src/history/corrections.ts). */
const COMPUTED_FIELDS = new Set(['readerLastUpdate', 'correctedAt']);
/** Recorded, but a restore leaves them as they are: the first publication stays, an old schedule does not come back. */
export const NOT_RESTORED = new Set(['publicationDate', 'scheduledAt']);

/** A lookup of a related document's row in `locale` when its type is localised (relations link rows of the same locale). */
function sameLocale(strapi: Core.Strapi, uid: string, locale: string): { locale?: string } {
  return isLocalizedType(strapi, uid) ? { locale } : {};
}

/** The title shown for a document in lists of versions and in the audit trail. */
export const TITLE_FIELD: Record<HistoryUid, string> = { 'api::article.article': 'title', 'api::teaser.teaser': 'headline', 'api::section.section': 'name' };

/** The inverse sides of relations between recorded types (a section's `articles`): writing them changes the other side. */
export function inverseRelations(strapi: Core.Strapi, uid: HistoryUid): Array<{ name: string; target: HistoryUid }> {
  const attributes = strapi.getModel(uid).attributes as unknown as Attributes;
  return Object.entries(attributes).flatMap(([name, attribute]) =>
    attribute.type === 'relation' && attribute.mappedBy && isHistoryUid(attribute.target) ? [{ name, target: attribute.target }] : [],
  );
}

type Attribute = {
  type: string;
  relation?: string;
  target?: string;
  mappedBy?: string;
  multiple?: boolean;
  component?: string;
  repeatable?: boolean;
  private?: boolean;
};
type Attributes = Record<string, Attribute>;

export type Content = Record<string, unknown>;

const MEDIA_FIELDS = ['id', 'name', 'url', 'mime'];
const MAX_COMPONENT_DEPTH = 4;

/** The attributes a version records, in schema order: owning relations only (the other side records its own). */
export function recordedAttributes(attributes: Attributes): Array<[string, Attribute]> {
  return Object.entries(attributes).filter(([name, attribute]) => {
    if (SYSTEM_FIELDS.has(name) || COMPUTED_FIELDS.has(name)) return false;
    if (attribute.type === 'relation') return !attribute.mappedBy && Boolean(attribute.target) && !String(attribute.target).startsWith('admin::');
    return true;
  });
}

function populateOf(strapi: Core.Strapi, attributes: Attributes, depth: number): Record<string, unknown> {
  const populate: Record<string, unknown> = {};
  for (const [name, attribute] of recordedAttributes(attributes)) {
    if (attribute.type === 'relation') populate[name] = { select: ['documentId'] };
    else if (attribute.type === 'media') populate[name] = { select: MEDIA_FIELDS };
    else if (attribute.type === 'component' && attribute.component && depth < MAX_COMPONENT_DEPTH) {
      const nested = populateOf(strapi, strapi.components[attribute.component as UID.Component].attributes, depth + 1);
      populate[name] = Object.keys(nested).length > 0 ? { populate: nested } : true;
    }
  }
  return populate;
}

const media = (file: unknown) => {
  if (!file || typeof file !== 'object') return null;
  const { id, name, url, mime } = file as Record<string, unknown>;
  return { id, name, url, mime };
};

function contentOf(strapi: Core.Strapi, attributes: Attributes, row: Record<string, unknown>, depth: number): Content {
  const content: Content = {};
  for (const [name, attribute] of recordedAttributes(attributes)) {
    const value = row[name];
    if (attribute.type === 'relation') {
      const ids = (Array.isArray(value) ? value : value ? [value] : [])
        .map((item) => (item as { documentId?: unknown }).documentId)
        .filter((id) => typeof id === 'string');
      content[name] = String(attribute.relation).endsWith('ToMany') ? ids.sort() : (ids[0] ?? null);
    } else if (attribute.type === 'media') {
      content[name] = attribute.multiple ? (Array.isArray(value) ? value.map(media) : []) : media(value);
    } else if (attribute.type === 'component' && attribute.component) {
      const nested = strapi.components[attribute.component as UID.Component].attributes as Attributes;
      const one = (item: unknown) =>
        item && typeof item === 'object' && depth < MAX_COMPONENT_DEPTH ? contentOf(strapi, nested, item as Record<string, unknown>, depth + 1) : null;
      content[name] = attribute.repeatable ? (Array.isArray(value) ? value.map(one) : []) : one(value);
    } else if (value instanceof Date) {
      content[name] = value.toISOString();
    } else {
      content[name] = value ?? null;
    }
  }
  return content;
}

export interface DocumentState {
  /** The locale of the rows read: every version is of one locale of a document. */
  locale: string;
  /** The editable content: the draft when the type has drafts, else the one row. */
  content: Content;
  /** Whether readers' version exists (published). */
  published: boolean;
  title: string | null;
}

/** One locale of a document as it stands now (inside the caller's transaction), or null when that locale does not exist. */
export async function documentState(strapi: Core.Strapi, uid: HistoryUid, documentId: string, locale: string): Promise<DocumentState | null> {
  const model = strapi.getModel(uid);
  const attributes = model.attributes as unknown as Attributes;
  const draftAndPublish = Boolean(model.options?.draftAndPublish);
  const rows = (await strapi.db.query(uid).findMany({
    where: { documentId, locale },
    populate: populateOf(strapi, attributes, 0),
    orderBy: { id: 'asc' },
  })) as Array<Record<string, unknown>>;
  if (rows.length === 0) return null;
  const draft = draftAndPublish ? rows.find((row) => row.publishedAt == null) : rows[0];
  const row = draft ?? rows[0];
  const title = row[TITLE_FIELD[uid]];
  return {
    locale,
    content: contentOf(strapi, attributes, row, 0),
    published: rows.some((candidate) => candidate.publishedAt != null),
    title: typeof title === 'string' ? title.slice(0, 255) : null,
  };
}

/**
 * The Document Service `data` that puts a version's content back into its locale: scalars as recorded, relations by
 * documentId (those whose target is gone, or has no row in `locale`, are left out: Strapi links the target's row of the
 * same locale), media by id (files deleted since are left out), components without ids.
 */
export async function restoreData(strapi: Core.Strapi, uid: HistoryUid, content: Content, locale: string): Promise<Record<string, unknown>> {
  const attributes = strapi.getModel(uid).attributes as unknown as Attributes;
  const data: Record<string, unknown> = {};
  for (const [name, attribute] of recordedAttributes(attributes)) {
    if (NOT_RESTORED.has(name) || !(name in content)) continue;
    const value = content[name];
    if (attribute.type === 'relation') {
      const wanted = (Array.isArray(value) ? value : value ? [value] : []).filter((id): id is string => typeof id === 'string');
      const existing = wanted.length
        ? ((await strapi.db
            .query(attribute.target as UID.ContentType)
            .findMany({ select: ['documentId'], where: { documentId: { $in: wanted }, ...sameLocale(strapi, attribute.target!, locale) } })) as Array<{
            documentId: string;
          }>)
        : [];
      const present = new Set(existing.map((row) => row.documentId));
      data[name] = { set: wanted.filter((id) => present.has(id)).map((documentId) => ({ documentId })) };
    } else if (attribute.type === 'media') {
      const ids = (Array.isArray(value) ? value : value ? [value] : [])
        .map((file) => (file as { id?: unknown }).id)
        .filter((id): id is number => typeof id === 'number');
      const files = ids.length
        ? ((await strapi.db.query('plugin::upload.file').findMany({ select: ['id'], where: { id: { $in: ids } } })) as Array<{ id: number }>)
        : [];
      const present = new Set(files.map((file) => file.id));
      const kept = ids.filter((id) => present.has(id));
      data[name] = attribute.multiple ? kept : (kept[0] ?? null);
    } else if (attribute.type === 'component' && attribute.component) {
      const nested = strapi.components[attribute.component as UID.Component].attributes as Attributes;
      const one = (item: unknown) => (item && typeof item === 'object' ? componentData(nested, item as Content) : null);
      data[name] = attribute.repeatable ? (Array.isArray(value) ? value.map(one).filter(Boolean) : []) : one(value);
    } else {
      data[name] = value;
    }
  }
  return data;
}

/** A recorded component as component data: its media by id (a file deleted since is refused by Strapi's own check). */
function componentData(attributes: Attributes, content: Content): Content {
  const data: Content = {};
  for (const [name, attribute] of recordedAttributes(attributes)) {
    if (!(name in content)) continue;
    const value = content[name];
    if (attribute.type === 'media') {
      const ids = (Array.isArray(value) ? value : value ? [value] : []).map((file) => (file as { id?: unknown }).id).filter((id) => typeof id === 'number');
      data[name] = attribute.multiple ? ids : (ids[0] ?? null);
    } else if (attribute.type !== 'relation' && attribute.type !== 'component') {
      data[name] = value;
    }
  }
  return data;
}
