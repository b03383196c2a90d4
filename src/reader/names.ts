/**
 * Table and column names of the reader's queries, from Strapi's metadata (`strapi.db.metadata`), never
 * guessed: resolved once per Strapi instance. `columnsOf` also serves the reader indexes, whose
 * declarations name attributes (src/reader/indexes.ts).
 */
import type { Core } from '@strapi/strapi';
import { ARTICLE, SECTION, TEASER } from '../visibility/definition';
import { metaSourceOf, type MetaSource } from '../visibility/sql';

export type Metadata = Core.Strapi['db']['metadata'];

export const SEO = 'shared.seo';
export const FILE = 'plugin::upload.file';

export interface LinkNames {
  table: string;
  own: string;
  other: string;
}

type Columns<K extends string> = Record<K | 'table', string>;

export interface Names {
  article: Columns<
    | 'documentId'
    | 'locale'
    | 'title'
    | 'slug'
    | 'byline'
    | 'body'
    | 'publishedAt'
    | 'publicationDate'
    | 'lastUpdatedAt'
    | 'correctedAt'
    | 'createdAt'
    | 'updatedAt'
  >;
  section: Columns<'documentId' | 'locale' | 'name' | 'slug' | 'description' | 'updatedAt'>;
  teaser: Columns<'documentId' | 'locale' | 'headline' | 'summary' | 'position'>;
  seo: Columns<'metaTitle' | 'metaDescription'>;
  file: Columns<'documentId' | 'url' | 'alternativeText' | 'caption' | 'width' | 'height' | 'mime' | 'formats' | 'updatedAt'>;
  articleSection: LinkNames;
  sectionParent: LinkNames;
  teaserArticle: LinkNames;
  teaserSection: LinkNames;
  articleComponents: LinkNames & { field: string; seoField: string };
  morph: { table: string; file: string; relatedId: string; relatedType: string; field: string; order: string };
}

/** The table of `uid` and the columns of the given attributes; throws when one has no column. */
export function columnsOf<K extends string>(metadata: Metadata, uid: string, attributes: readonly K[]): Columns<K> {
  const meta = metadata.get(uid);
  const out = { table: meta.tableName } as Columns<K>;
  for (const attribute of attributes) {
    const found = meta.attributes[attribute];
    const column = found && 'columnName' in found ? found.columnName : undefined;
    if (!column) throw new Error(`reader SQL: no column for ${uid}.${attribute}`);
    out[attribute] = column;
  }
  return out;
}

/** The join table of a relation, component or morph attribute. */
function joinTableOf(metadata: Metadata, uid: string, attribute: string) {
  const found = metadata.get(uid).attributes[attribute];
  const joinTable = found && 'joinTable' in found ? found.joinTable : undefined;
  if (!joinTable) throw new Error(`reader SQL: no join table for ${uid}.${attribute}`);
  return joinTable;
}

function link(metadata: Metadata, uid: string, attribute: string): LinkNames {
  const joinTable = joinTableOf(metadata, uid, attribute);
  if (!('inverseJoinColumn' in joinTable)) throw new Error(`reader SQL: ${uid}.${attribute} is not a plain relation`);
  return { table: joinTable.name, own: joinTable.joinColumn.name, other: joinTable.inverseJoinColumn.name };
}

function namesOf(metadata: Metadata): Names {
  const morphJoin = joinTableOf(metadata, FILE, 'related');
  if (!('morphColumn' in morphJoin)) throw new Error('reader SQL: file.related is not a morph relation');
  const seoField = joinTableOf(metadata, ARTICLE, 'seo').on?.field;
  const { FIELD_COLUMN, ORDER_COLUMN } = metadata.identifiers;
  return {
    article: columnsOf(metadata, ARTICLE, [
      'documentId',
      'locale',
      'title',
      'slug',
      'byline',
      'body',
      'publishedAt',
      'publicationDate',
      'lastUpdatedAt',
      'correctedAt',
      'createdAt',
      'updatedAt',
    ]),
    section: columnsOf(metadata, SECTION, ['documentId', 'locale', 'name', 'slug', 'description', 'updatedAt']),
    teaser: columnsOf(metadata, TEASER, ['documentId', 'locale', 'headline', 'summary', 'position']),
    seo: columnsOf(metadata, SEO, ['metaTitle', 'metaDescription']),
    file: columnsOf(metadata, FILE, ['documentId', 'url', 'alternativeText', 'caption', 'width', 'height', 'mime', 'formats', 'updatedAt']),
    articleSection: link(metadata, ARTICLE, 'section'),
    sectionParent: link(metadata, SECTION, 'parent'),
    teaserArticle: link(metadata, TEASER, 'article'),
    teaserSection: link(metadata, TEASER, 'section'),
    articleComponents: { ...link(metadata, ARTICLE, 'seo'), field: FIELD_COLUMN, seoField: typeof seoField === 'string' ? seoField : 'seo' },
    morph: {
      table: morphJoin.name,
      file: morphJoin.joinColumn.name,
      relatedId: morphJoin.morphColumn.idColumn.name,
      relatedType: morphJoin.morphColumn.typeColumn.name,
      field: FIELD_COLUMN,
      order: ORDER_COLUMN,
    },
  };
}

const cache = new WeakMap<Core.Strapi, { names: Names; meta: MetaSource }>();

function resolved(strapi: Core.Strapi) {
  let found = cache.get(strapi);
  if (!found) {
    found = { names: namesOf(strapi.db.metadata), meta: metaSourceOf(strapi) };
    cache.set(strapi, found);
  }
  return found;
}

/** The reader's table and column names on this Strapi. */
export const names = (strapi: Core.Strapi): Names => resolved(strapi).names;

/** The metadata as the visibility compiler (src/visibility/sql.ts) reads it. */
export const metaSource = (strapi: Core.Strapi): MetaSource => resolved(strapi).meta;
