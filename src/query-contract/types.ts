/**
 * The normalised form of a content-API read query: whatever syntax the client used (brackets, dotted
 * paths, comma lists, indexed arrays, `*`, GraphQL arguments), the parser produces this one shape, the
 * contract checks it, and Strapi is handed exactly what was checked (see strapi-form.ts).
 */

export type SortDirection = 'asc' | 'desc';

export interface SortItem {
  field: string;
  dir: SortDirection;
}

/** A filter tree. `where` compares one field; `through` goes into a relation or component. */
export type FilterNode =
  | { kind: 'and' | 'or'; items: FilterNode[] }
  | { kind: 'not'; item: FilterNode }
  | { kind: 'where'; field: string; op: string; value: unknown }
  | { kind: 'through'; field: string; where: FilterNode };

export interface PopulateNode {
  /** null: the target's default fields. */
  fields: string[] | null;
  populate: PopulateTree;
  filters: FilterNode | null;
  sort: SortItem[];
  /** `populate[teasers][count]=true`: the number of related items instead of the items. */
  count: boolean;
}

/** Populated attributes by name; the parser may leave the key `*` (every populatable attribute of the first level). */
export type PopulateTree = Record<string, PopulateNode>;

export interface Pagination {
  page?: number;
  pageSize?: number;
  start?: number;
  limit?: number;
  withCount?: boolean;
}

export interface ContentQuery {
  /** null: every selectable field. */
  fields: string[] | null;
  populate: PopulateTree;
  filters: FilterNode | null;
  sort: SortItem[];
  pagination: Pagination;
  status: 'draft' | 'published' | null;
  locale: string | null;
  /** Strapi's `_q` full-text search. */
  search: string | null;
}

export const emptyPopulateNode = (): PopulateNode => ({ fields: null, populate: {}, filters: null, sort: [], count: false });

export const emptyQuery = (): ContentQuery => ({
  fields: null,
  populate: {},
  filters: null,
  sort: [],
  pagination: {},
  status: null,
  locale: null,
  search: null,
});
