/** SQL pieces every reader query uses: quoting, the compiled visibility rule, a media field's file id. */
import type { Core } from '@strapi/strapi';
import { quoteIdentifier, visibleSql, type SqlFragment } from '../../visibility/sql';
import { metaSource, type Names } from '../names';

export const q = quoteIdentifier;
export const col = (alias: string, name: string) => `${alias}.${q(name)}`;

/** What a reader may see of `uid` (table aliased `alias`) at `now`: the one definition (src/visibility/), compiled. */
export const visible = (strapi: Core.Strapi, uid: string, alias: string, now: Date): SqlFragment => visibleSql(metaSource(strapi), uid, alias, now);

/**
 * A scalar subquery: the id of the file a media field of `owner` points to (first by the relation's
 * order, as Strapi populates it). Two bindings, type then field, come first.
 */
export function fileIdOf(n: Names, ownerId: string): string {
  const m = n.morph;
  return (
    `(SELECT ${col('m', m.file)} FROM ${q(m.table)} m WHERE ${col('m', m.relatedId)} = ${ownerId} AND ${col('m', m.relatedType)} = ? ` +
    `AND ${col('m', m.field)} = ? ORDER BY ${col('m', m.order)} ASC, m.id ASC LIMIT 1)`
  );
}
