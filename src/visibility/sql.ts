/**
 * The visibility definition (./definition.ts) compiled into SQL: a WHERE fragment on a table alias, with
 * its bindings, for SQLite and PostgreSQL alike. Table and column names come from Strapi's metadata
 * (`strapi.db.metadata`), as the reader queries' own names do.
 */
import { visibilityOf, type VisibilityCondition } from './definition';

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

/** As much of `strapi.db.metadata.get(uid)` as the compiler reads. */
export interface ModelMeta {
  tableName: string;
  attributes: Record<string, { columnName?: string; joinTable?: JoinTable } | undefined>;
}

/** How the compiler finds a model's names; `options.draftAndPublish` for types outside the definition. */
export interface MetaSource {
  get(uid: string): ModelMeta;
  draftAndPublish(uid: string): boolean;
}

export interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

/** A quoted identifier; double quotes are standard SQL and understood by SQLite and PostgreSQL. */
export const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

function columnOf(meta: ModelMeta, uid: string, field: string): string {
  const column = meta.attributes[field]?.columnName;
  if (!column) throw new Error(`visibility SQL: no column for ${uid}.${field}`);
  return column;
}

function conditionSql(source: MetaSource, uid: string, alias: string, condition: VisibilityCondition, now: Date): SqlFragment {
  const meta = source.get(uid);
  const column = (field: string) => `${alias}.${quoteIdentifier(columnOf(meta, uid, field))}`;
  switch (condition.kind) {
    case 'published':
      return { sql: `${column('publishedAt')} IS NOT NULL`, bindings: [] };
    case 'from':
      return { sql: `(${column(condition.field)} IS NULL OR ${column(condition.field)} <= ?)`, bindings: [now] };
    case 'until':
      return { sql: `(${column(condition.field)} IS NULL OR ${column(condition.field)} > ?)`, bindings: [now] };
    case 'visibleRelation': {
      const join = meta.attributes[condition.relation]?.joinTable;
      if (!join) throw new Error(`visibility SQL: no join table for ${uid}.${condition.relation}`);
      const link = `${alias}_${condition.relation}_lnk`;
      const target = `${alias}_${condition.relation}`;
      const inner = visibleSql(source, condition.target, target, now);
      return {
        sql:
          `EXISTS (SELECT 1 FROM ${quoteIdentifier(join.name)} ${link} ` +
          `JOIN ${quoteIdentifier(source.get(condition.target).tableName)} ${target} ON ${target}.id = ${link}.${quoteIdentifier(join.inverseJoinColumn.name)} ` +
          `WHERE ${link}.${quoteIdentifier(join.joinColumn.name)} = ${alias}.id AND ${inner.sql})`,
        bindings: inner.bindings,
      };
    }
  }
}

/**
 * The rows of `uid` (table aliased `alias`) a reader may see at `now`, as a WHERE fragment; `1 = 1`
 * for a type that is always visible. Relation aliases are derived from `alias`, so it must be unique.
 */
export function visibleSql(source: MetaSource, uid: string, alias: string, now: Date): SqlFragment {
  const parts = visibilityOf(uid, source.draftAndPublish(uid)).map((condition) => conditionSql(source, uid, alias, condition, now));
  return parts.length === 0 ? { sql: '1 = 1', bindings: [] } : joinParts(parts);
}

const joinParts = (parts: SqlFragment[]): SqlFragment => ({
  sql: parts.map((part) => part.sql).join(' AND '),
  bindings: parts.flatMap((part) => part.bindings),
});

/**
 * The ids of the rows of `uid` a reader may see at `now`, as a SELECT (same rows as `visibleSql`) for a
 * query to start from. An `until` condition becomes two UNION ALL branches (the field empty; the field
 * after now), so that an index leading with that field is read in two ranges and rows whose time has
 * passed, however many, are never read (one `IS NULL OR >` let SQLite scan the whole index). Conditions
 * through relations are tested once, on the union (in each branch they doubled PostgreSQL's planning).
 */
export function visibleIdsSql(source: MetaSource, uid: string, alias: string, now: Date): SqlFragment {
  const meta = source.get(uid);
  const conditions = visibilityOf(uid, source.draftAndPublish(uid));
  const table = `${quoteIdentifier(meta.tableName)} ${alias}`;
  const where = (parts: SqlFragment[]): SqlFragment => (parts.length > 0 ? joinParts(parts) : { sql: '1 = 1', bindings: [] });
  const compiled = (condition: VisibilityCondition) => conditionSql(source, uid, alias, condition, now);
  const until = conditions.find((condition): condition is Extract<VisibilityCondition, { kind: 'until' }> => condition.kind === 'until');
  if (!until) {
    const all = where(conditions.map(compiled));
    return { sql: `SELECT ${alias}.id FROM ${table} WHERE ${all.sql}`, bindings: all.bindings };
  }
  const own = conditions.filter((condition) => condition !== until && condition.kind !== 'visibleRelation').map(compiled);
  const related = where(conditions.filter((condition) => condition.kind === 'visibleRelation').map(compiled));
  const column = `${alias}.${quoteIdentifier(columnOf(meta, uid, until.field))}`;
  const open = where([...own, { sql: `${column} IS NULL`, bindings: [] }]);
  const ending = where([...own, { sql: `${column} > ?`, bindings: [now] }]);
  return {
    sql:
      `SELECT ${alias}.id FROM (SELECT ${alias}.id FROM ${table} WHERE ${open.sql} ` +
      `UNION ALL SELECT ${alias}.id FROM ${table} WHERE ${ending.sql}) ${alias} WHERE ${related.sql}`,
    bindings: [...open.bindings, ...ending.bindings, ...related.bindings],
  };
}

/** The draft version of a Draft & Publish row (previews only: never a reader read). */
export function draftVersionSql(source: MetaSource, uid: string, alias: string): SqlFragment {
  return { sql: `${alias}.${quoteIdentifier(columnOf(source.get(uid), uid, 'publishedAt'))} IS NULL`, bindings: [] };
}

/** The compiler's view of a running Strapi's models. */
export function metaSourceOf(strapi: { db: { metadata: { get(uid: string): unknown } }; getModel(uid: never): unknown }): MetaSource {
  return {
    get: (uid) => strapi.db.metadata.get(uid) as ModelMeta,
    draftAndPublish: (uid) => (strapi.getModel(uid as never) as { options?: { draftAndPublish?: boolean } } | undefined)?.options?.draftAndPublish === true,
  };
}
