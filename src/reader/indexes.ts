/**
 * The reader's indexes, each declared next to the query that relies on it (./queries/*), in attribute
 * names; resolved here into table and column names from Strapi's metadata. Applied by
 * src/database/reader-indexes.ts (the migration, and after every schema sync).
 */
import type { ReaderIndex } from '../database/reader-indexes';
import { columnsOf, type Metadata } from './names';
import { ARTICLE_BY_SLUG_INDEX } from './queries/article';
import { LISTED_ARTICLES_INDEX } from './queries/distribution';
import { NEWEST_ARTICLES_INDEX } from './queries/latest-in-section';
import { SHOWN_TEASERS_INDEX } from './queries/shown-teasers';

/** An index in the model's terms: attributes, not columns. The name is the database's and never changes. */
export interface IndexDeclaration {
  name: string;
  uid: string;
  attributes: readonly string[];
  /** A partial index over published rows only. */
  publishedOnly?: boolean;
}

export const READER_INDEX_DECLARATIONS: readonly IndexDeclaration[] = [
  ARTICLE_BY_SLUG_INDEX,
  NEWEST_ARTICLES_INDEX,
  SHOWN_TEASERS_INDEX,
  LISTED_ARTICLES_INDEX,
];

/** An index with its table and column names on this database. */
export function resolveIndex(metadata: Metadata, index: IndexDeclaration): ReaderIndex {
  const names = columnsOf(metadata, index.uid, [...index.attributes, 'publishedAt']);
  return {
    name: index.name,
    table: names.table,
    columns: index.attributes.map((attribute) => names[attribute]),
    ...(index.publishedOnly ? { where: `${names.publishedAt} IS NOT NULL` } : {}),
  };
}

/** Every reader index, resolved. */
export const readerIndexes = (metadata: Metadata): ReaderIndex[] => READER_INDEX_DECLARATIONS.map((index) => resolveIndex(metadata, index));
