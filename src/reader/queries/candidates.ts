/**
 * A "More from" candidate article as the teaser and newest-articles queries select it: the newsroom's
 * `CandidateArticle` (src/newsroom/more-from.ts) with its row id, and its cover still a file id
 * (the files of a whole list are read in one query, see ./files.ts).
 */
import type { CandidateArticle } from '../../newsroom/more-from';
import { documentTag } from '../../cache/tags';
import { ARTICLE, SECTION } from '../../visibility/definition';
import { idOrNull, iso, json, text, textOrNull } from '../decode';
import type { Names } from '../names';
import { col, fileIdOf } from './fragments';
import { imageIn, type FileRow } from './files';

export type CandidateRow = Omit<CandidateArticle, 'cover'> & { id: number; coverFileId: number | null; sectionDocumentId: string | null };

export interface RawCandidate {
  article_id: unknown;
  article_document_id: unknown;
  article_slug: unknown;
  article_title: unknown;
  article_body: unknown;
  article_publication_date: unknown;
  article_published_at: unknown;
  article_section_name: unknown;
  article_section_slug: unknown;
  article_section_document_id: unknown;
  article_cover_file_id: unknown;
}

/** The candidate columns from alias `a` and its section `asec`, with two bindings first: type, field. */
export function candidateColumns(n: Names): string {
  const { article: a, section: s } = n;
  return (
    `a.id AS article_id, ${col('a', a.documentId)} AS article_document_id, ${col('a', a.slug)} AS article_slug, ` +
    `${col('a', a.title)} AS article_title, ${col('a', a.body)} AS article_body, ` +
    `${col('a', a.publicationDate)} AS article_publication_date, ${col('a', a.publishedAt)} AS article_published_at, ` +
    `${col('asec', s.name)} AS article_section_name, ${col('asec', s.slug)} AS article_section_slug, ` +
    `${col('asec', s.documentId)} AS article_section_document_id, ` +
    `${fileIdOf(n, 'a.id')} AS article_cover_file_id`
  );
}

export function candidateOf(row: RawCandidate): CandidateRow {
  return {
    id: Number(row.article_id),
    documentId: String(row.article_document_id),
    slug: text(row.article_slug),
    title: text(row.article_title),
    body: json(row.article_body),
    publicationDate: iso(row.article_publication_date),
    publishedAt: iso(row.article_published_at),
    coverFileId: idOrNull(row.article_cover_file_id),
    sectionDocumentId: textOrNull(row.article_section_document_id),
    section:
      row.article_section_name === null || row.article_section_name === undefined
        ? null
        : { name: text(row.article_section_name), slug: text(row.article_section_slug) },
  };
}

/** The cache tags of a candidate: the article and the section whose name it shows (src/cache/tags.ts). */
export const candidateTags = (row: CandidateRow): string[] => [
  documentTag(ARTICLE, row.documentId),
  ...(row.sectionDocumentId ? [documentTag(SECTION, row.sectionDocumentId)] : []),
];

/** The candidate with its cover from `files` (see ./files.ts `loadFiles`). */
export function withCover(row: CandidateRow, files: ReadonlyMap<number, FileRow>): CandidateArticle {
  const { documentId, slug, title, body, publicationDate, publishedAt, section } = row;
  return { documentId, slug, title, body, publicationDate, publishedAt, section, cover: imageIn(files, row.coverFileId) };
}
