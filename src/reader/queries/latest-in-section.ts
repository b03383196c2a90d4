/** The newest published articles of a section, as "More from" candidates. */
import type { Core } from '@strapi/strapi';
import { ARTICLE } from '../../visibility/definition';
import { rows } from '../driver';
import type { IndexDeclaration } from '../indexes';
import { names } from '../names';
import { candidateColumns, candidateOf, candidateTags, type CandidateRow, type RawCandidate } from './candidates';
import { recordTags } from '../../cache/record';
import { col, q, visible } from './fragments';

/** Walked newest first, stopping after a few hits, instead of sorting every published article of the section. */
export const NEWEST_ARTICLES_INDEX: IndexDeclaration = {
  name: 'articles_published_newest_idx',
  uid: ARTICLE,
  attributes: ['publicationDate', 'publishedAt', 'id'],
  publishedOnly: true,
};

/** How far back from the newest published article the first, index-ordered attempt looks (see below). */
const RECENT_WINDOW = 2000;
const CUTOFF_TTL_MS = 60_000;
/** The raw publication date, bound back as it came (epoch milliseconds on SQLite, a Date on PostgreSQL). */
const cutoffs = new WeakMap<Core.Strapi, { at: number; value: unknown }>();

/**
 * The publication date of about the RECENT_WINDOW-th newest published article (null when there are
 * fewer), remembered for a minute. Any value gives exact results below; it only bounds how long the
 * first attempt may walk.
 */
export async function recentCutoff(strapi: Core.Strapi): Promise<unknown> {
  const cached = cutoffs.get(strapi);
  if (cached && Date.now() - cached.at < CUTOFF_TTL_MS) return cached.value;
  const { article: a } = names(strapi);
  const shown = visible(strapi, ARTICLE, 'a', new Date());
  const [row] = await rows<{ cutoff: unknown }>(
    strapi,
    `SELECT ${col('a', a.publicationDate)} AS cutoff FROM ${q(a.table)} a WHERE ${shown.sql} AND ${col('a', a.publicationDate)} IS NOT NULL ` +
      `ORDER BY ${col('a', a.publicationDate)} DESC LIMIT 1 OFFSET ?`,
    [...shown.bindings, RECENT_WINDOW],
  );
  const value = row ? row.cutoff : null;
  cutoffs.set(strapi, { at: Date.now(), value });
  return value;
}

/**
 * The `count` newest published articles of a section (by publicationDate, publishedAt, id, all
 * descending).
 *
 * First attempt: walk the published articles newest first along NEWEST_ARTICLES_INDEX and keep those of
 * the section; it stops after `count` hits, a few dozen rows for any section that has recent articles,
 * and never goes further back than the recent cutoff. It is exact when it finds `count` articles and the
 * section has no published article without a publication date (PostgreSQL would sort those first).
 * Otherwise (a small or dormant section), the second query reads the section's own articles through its
 * link rows and sorts them.
 */
export async function loadLatestInSection(strapi: Core.Strapi, sectionId: number, count: number): Promise<CandidateRow[]> {
  if (count <= 0) return [];
  const n = names(strapi);
  const { article: a, section: s, articleSection: as } = n;
  const order = `ORDER BY ${col('a', a.publicationDate)} DESC, ${col('a', a.publishedAt)} DESC, a.id DESC LIMIT ?`;
  const cutoff = await recentCutoff(strapi);
  const now = new Date();
  const shown = visible(strapi, ARTICLE, 'a', now);
  const undated = visible(strapi, ARTICLE, 'u', now);
  const first = await rows<RawCandidate>(
    strapi,
    `SELECT ${candidateColumns(n)} FROM ${q(a.table)} a LEFT JOIN ${q(s.table)} asec ON asec.id = ? ` +
      `WHERE ${shown.sql} ` +
      (cutoff === null ? '' : `AND ${col('a', a.publicationDate)} >= ? `) +
      `AND EXISTS (SELECT 1 FROM ${q(as.table)} l WHERE ${col('l', as.own)} = a.id AND ${col('l', as.other)} = ?) ` +
      `AND NOT EXISTS (SELECT 1 FROM ${q(a.table)} u WHERE ${undated.sql} AND ${col('u', a.publicationDate)} IS NULL ` +
      `AND EXISTS (SELECT 1 FROM ${q(as.table)} ul WHERE ${col('ul', as.own)} = u.id AND ${col('ul', as.other)} = ?)) ` +
      order,
    [ARTICLE, 'cover', sectionId, ...shown.bindings, ...(cutoff === null ? [] : [cutoff]), sectionId, ...undated.bindings, sectionId, count],
  );
  const found =
    first.length === count
      ? first
      : await rows<RawCandidate>(
          strapi,
          // CROSS JOIN: SQLite then reads the section's link rows first (PostgreSQL plans it like a JOIN).
          `SELECT ${candidateColumns(n)} FROM ${q(as.table)} l CROSS JOIN ${q(a.table)} a ` +
            `LEFT JOIN ${q(s.table)} asec ON asec.id = ${col('l', as.other)} ` +
            `WHERE a.id = ${col('l', as.own)} AND ${col('l', as.other)} = ? AND ${shown.sql} ` +
            order,
          [ARTICLE, 'cover', sectionId, ...shown.bindings, count],
        );
  const latest = found.map(candidateOf);
  recordTags(strapi, ...latest.flatMap(candidateTags));
  return latest;
}
