/** The teasers shown in a section now, with the articles they promote. */
import type { Core } from '@strapi/strapi';
import { ARTICLE, TEASER } from '../../visibility/definition';
import { visibleIdsSql } from '../../visibility/sql';
import { idOrNull, num, text, textOrNull } from '../decode';
import { recordTags } from '../../cache/record';
import { documentTag } from '../../cache/tags';
import { rows } from '../driver';
import type { IndexDeclaration } from '../indexes';
import { metaSource, names } from '../names';
import { candidateColumns, candidateOf, candidateTags, type CandidateRow, type RawCandidate } from './candidates';
import { col, fileIdOf, q } from './fragments';

/** The teasers shown now are read through two ranges of it (`ends_at IS NULL`, `ends_at > now`): expired teasers, however many, are never read. */
export const SHOWN_TEASERS_INDEX: IndexDeclaration = { name: 'teasers_shown_window_idx', uid: TEASER, attributes: ['endsAt', 'startsAt'], publishedOnly: true };

/** A shown teaser, decoded, its image as a file id. */
export interface TeaserRow {
  id: number;
  documentId: string;
  headline: string | null;
  summary: string | null;
  position: number | null;
  imageFileId: number | null;
  article: CandidateRow;
}

interface RawTeaser extends RawCandidate {
  id: unknown;
  document_id: unknown;
  headline: unknown;
  summary: unknown;
  position: unknown;
  image_file_id: unknown;
}

/**
 * The section's teasers shown at `now` (the visibility definition of teasers: published, inside their
 * window, promoting a visible article), filed in the section or unfiled and promoting an article of the
 * section; at most `limit`, in the one "More from" teaser order: position (a cleared position counts as
 * the field's default, 0), then the article's first publication, newest first, then id. The order is
 * only here: SQLite and PostgreSQL disagree on where NULL sorts, so NULL never reaches ORDER BY.
 *
 * Driven by the teaser window index through the compiled visibility (`visibleIdsSql`). The two
 * MATERIALIZED steps keep the planners from folding everything into one 8-table join (PostgreSQL spent
 * 2.6 ms planning it, for 0.6 ms of work; SQLite then scanned every teaser link).
 */
export async function loadShownTeasers(
  strapi: Core.Strapi,
  sectionId: number,
  options: { excludeDocumentId: string | null; now: Date; limit: number },
): Promise<TeaserRow[]> {
  const n = names(strapi);
  const { teaser: t, article: a, section: s, teaserArticle: ta, teaserSection: ts, articleSection: as } = n;
  const shown = visibleIdsSql(metaSource(strapi), TEASER, 'v', options.now);
  const sql =
    `WITH w AS MATERIALIZED (${shown.sql}), ` +
    `c AS MATERIALIZED (` +
    `SELECT t.id, ${col('t', t.documentId)} AS document_id, ${col('t', t.headline)} AS headline, ${col('t', t.summary)} AS summary, ${col('t', t.position)} AS position, ` +
    `${col('tal', ta.other)} AS article_id, ${col('tsl', ts.other)} AS filed_in, ${col('asl', as.other)} AS article_section_id ` +
    // CROSS JOIN with the condition in WHERE (PostgreSQL allows no ON there): SQLite keeps `w` outermost.
    `FROM w CROSS JOIN ${q(t.table)} t ` +
    `JOIN ${q(ta.table)} tal ON ${col('tal', ta.own)} = t.id ` +
    `LEFT JOIN ${q(ts.table)} tsl ON ${col('tsl', ts.own)} = t.id ` +
    `LEFT JOIN ${q(as.table)} asl ON ${col('asl', as.own)} = ${col('tal', ta.other)} ` +
    `WHERE t.id = w.id) ` +
    // The section test runs on the link rows above; only the few teasers of this section read their article.
    `SELECT c.id, c.document_id, c.headline, c.summary, c.position, ${fileIdOf(n, 'c.id')} AS image_file_id, ${candidateColumns(n)} ` +
    `FROM c CROSS JOIN ${q(a.table)} a ` +
    `LEFT JOIN ${q(s.table)} asec ON asec.id = c.article_section_id ` +
    `WHERE (c.filed_in = ? OR (c.filed_in IS NULL AND c.article_section_id = ?)) ` +
    `AND a.id = c.article_id ` +
    (options.excludeDocumentId ? `AND ${col('a', a.documentId)} <> ? ` : '') +
    `ORDER BY COALESCE(c.position, 0) ASC, ${col('a', a.publicationDate)} DESC, c.id ASC LIMIT ?`;
  const bindings: unknown[] = [...shown.bindings, TEASER, 'image', ARTICLE, 'cover', sectionId, sectionId];
  if (options.excludeDocumentId) bindings.push(options.excludeDocumentId);
  bindings.push(options.limit);
  const shownTeasers = (await rows<RawTeaser>(strapi, sql, bindings)).map((row) => ({
    id: Number(row.id),
    documentId: text(row.document_id),
    headline: textOrNull(row.headline),
    summary: textOrNull(row.summary),
    position: num(row.position),
    imageFileId: idOrNull(row.image_file_id),
    article: candidateOf(row),
  }));
  recordTags(strapi, ...shownTeasers.flatMap((teaser) => [documentTag(TEASER, teaser.documentId), ...candidateTags(teaser.article)]));
  return shownTeasers;
}
