/**
 * The validated query in Strapi's own object form: what the core controllers and the Document Service
 * run is exactly what the contract checked, whatever syntax the client sent.
 */
import type { ContentQuery, FilterNode, PopulateNode, PopulateTree, SortItem } from './types';

type Entries = Record<string, unknown>;

export function filtersToStrapi(node: FilterNode): Entries {
  switch (node.kind) {
    case 'and':
      return { $and: node.items.map(filtersToStrapi) };
    case 'or':
      return { $or: node.items.map(filtersToStrapi) };
    case 'not':
      return { $not: filtersToStrapi(node.item) };
    case 'where':
      return { [node.field]: { [node.op]: node.value } };
    case 'through':
      return { [node.field]: filtersToStrapi(node.where) };
  }
}

export const sortToStrapi = (sort: SortItem[]) => sort.map((item) => `${item.field}:${item.dir}`);

function populateNodeToStrapi(node: PopulateNode): true | Entries {
  const options: Entries = {};
  if (node.fields) options.fields = node.fields;
  if (Object.keys(node.populate).length) options.populate = populateToStrapi(node.populate);
  if (node.filters) options.filters = filtersToStrapi(node.filters);
  if (node.sort.length) options.sort = sortToStrapi(node.sort);
  if (node.count) options.count = true;
  return Object.keys(options).length ? options : true;
}

export function populateToStrapi(tree: PopulateTree): Entries {
  return Object.fromEntries(Object.entries(tree).map(([name, node]) => [name, populateNodeToStrapi(node)]));
}

/** Strapi's query object for a validated query; absent parts are left out. */
export function toStrapiQuery(query: ContentQuery): Entries {
  const out: Entries = {};
  if (query.fields) out.fields = query.fields;
  if (Object.keys(query.populate).length) out.populate = populateToStrapi(query.populate);
  if (query.filters) out.filters = filtersToStrapi(query.filters);
  if (query.sort.length) out.sort = sortToStrapi(query.sort);
  if (Object.keys(query.pagination).length) out.pagination = { ...query.pagination };
  if (query.status) out.status = query.status;
  if (query.locale) out.locale = query.locale;
  if (query.search !== null) out._q = query.search;
  return out;
}
