/**
 * The visibility definition (./definition.ts) compiled into Document Service filters, in Strapi's form
 * (`$and`, `$null`: REST, the Document Service) or GraphQL's (`and`, `null`: nested GraphQL arguments).
 * Pure: nothing here needs a running Strapi.
 */
import { visibilityOf, type VisibilityCondition } from './definition';

export type Filter = Record<string, unknown>;
export type FilterForm = 'strapi' | 'graphql';

export interface DocumentFilterOptions {
  now: Date;
  /**
   * True when the read itself asks for published versions (`status: 'published'`) and so covers
   * `published` on the rows it reads, not on the rows its filters reach through relations.
   */
  statusPassedOn: boolean;
  /** Whether a type outside the definition has Draft & Publish (default: no). */
  draftAndPublish?: (uid: string) => boolean;
}

const isPlainObject = (value: unknown): value is Filter => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * Strapi filters (`$and`, `$null`, …) in the form GraphQL arguments take them (`and`, `null`, …):
 * the GraphQL plugin maps its operators back to Strapi's and drops keys it does not know.
 */
export function toGraphqlFilters(filters: unknown): unknown {
  if (Array.isArray(filters)) return filters.map(toGraphqlFilters);
  if (!isPlainObject(filters)) return filters;
  return Object.fromEntries(Object.entries(filters).map(([key, value]) => [key.replace(/^\$/, ''), toGraphqlFilters(value)]));
}

function conditionFilter(condition: VisibilityCondition, options: DocumentFilterOptions): Filter | null {
  const iso = options.now.toISOString();
  switch (condition.kind) {
    case 'published':
      return options.statusPassedOn ? null : { publishedAt: { $notNull: true } };
    case 'from':
      return { $or: [{ [condition.field]: { $null: true } }, { [condition.field]: { $lte: iso } }] };
    case 'until':
      return { $or: [{ [condition.field]: { $null: true } }, { [condition.field]: { $gt: iso } }] };
    case 'visibleRelation': {
      // The status of a read does not reach through filters: the target's own rule in full.
      const inner = strapiFilters(condition.target, { ...options, statusPassedOn: false });
      const target = inner.length === 0 ? { id: { $notNull: true } } : inner.length === 1 ? inner[0] : { $and: inner };
      return { [condition.relation]: target };
    }
  }
}

function strapiFilters(uid: string, options: DocumentFilterOptions): Filter[] {
  return visibilityOf(uid, options.draftAndPublish?.(uid) ?? false)
    .map((condition) => conditionFilter(condition, options))
    .filter((filter): filter is Filter => filter !== null);
}

/**
 * The filters a reader read of `uid` must AND, in the given form; empty when there is nothing beyond
 * what the read's status already covers.
 */
export function visibilityFilters(uid: string, options: DocumentFilterOptions & { form?: FilterForm }): Filter[] {
  const filters = strapiFilters(uid, options);
  return options.form === 'graphql' ? (toGraphqlFilters(filters) as Filter[]) : filters;
}
