/**
 * The parser: a content-API query as Strapi receives it (koa's qs-parsed object) into the one
 * normalised form of types.ts. It knows the syntax, not the schema: names are checked by validate.ts.
 *
 * Accepted forms, all meaning the same thing:
 * - lists: `fields=a,b`, `fields[0]=a&fields[1]=b`, `fields[]=a`, and index objects (qs turns indexes above its arrayLimit into keys);
 * - populate: `populate=a,b.c`, `populate[0]=b.c`, `populate[b][populate][0]=c`, `populate[b][populate]=c`, `populate[a]=true`, `populate=*`;
 * - sort: `sort=a:desc,b`, `sort[0]=a:desc`, `sort[0][a]=desc`, `sort[a]=desc`;
 * - filters: `filters[f][$op]=v`, `filters[f]=v` (= `$eq`), `filters[rel][f][$op]=v`, `$and`/`$or` lists, `$not` objects,
 *   `filters[f][$not][$op]=v`.
 */
import { paginationProblem, scalarParamProblem, unknownQueryKey, type QueryProblem } from '../http/request-params';
import { errors } from '@strapi/utils';
import { lookupTable } from './contract';
import { refuse } from './errors';
import {
  emptyPopulateNode,
  emptyQuery,
  type ContentQuery,
  type FilterNode,
  type Pagination,
  type PopulateNode,
  type PopulateTree,
  type SortItem,
} from './types';

type Entries = Record<string, unknown>;

const isObject = (value: unknown): value is Entries => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIndexObject = (value: unknown): value is Entries =>
  isObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((key) => /^\d+$/.test(key));
const isScalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** An array, or an index object (`{ 0: a, 1: b }`) read in index order; null for anything else. */
export function listOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (isIndexObject(value))
    return Object.keys(value)
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => value[key]);
  return null;
}

const LOGICAL_GROUPS = ['$and', '$or'];

function refuseProblem(problem: QueryProblem | null): void {
  if (problem) throw new errors.ValidationError(problem.message, problem.details);
}

/** `a,b`, `['a', 'b,c']`, `{0: 'a'}` → names; each entry a non-empty name. */
export function parseNameList(raw: unknown, path: string, example: string): string[] {
  const items = typeof raw === 'string' ? [raw] : listOf(raw);
  if (!items || !items.every((item) => typeof item === 'string')) refuse(path, `must be a comma list or an array of names, e.g. ${example}`);
  const names = items.flatMap((item) => item.split(',')).map((name) => name.trim());
  names.forEach((name, index) => {
    if (!name) refuse(`${path}[${index}]`, `an empty name; e.g. ${example}`);
  });
  return names;
}

/** `fields`: null for `*` (every selectable field). */
export function parseFields(raw: unknown, path: string): string[] | null {
  if (raw === '*') return null;
  return parseNameList(raw, path, `${path}[0]=title`);
}

function sortItem(field: string, dir: unknown, path: string): SortItem {
  const direction = typeof dir === 'string' ? dir.trim().toLowerCase() : dir;
  if (direction !== 'asc' && direction !== 'desc') refuse(path, `the direction must be asc or desc (got ${JSON.stringify(dir)})`);
  if (!field.trim()) refuse(path, 'an empty field name; e.g. sort=publicationDate:desc');
  return { field: field.trim(), dir: direction };
}

function sortTexts(text: string, path: string): SortItem[] {
  return text.split(',').map((part) => {
    const pieces = part.split(':');
    if (pieces.length > 2) refuse(path, `"${part}" is not field or field:asc|desc`);
    return sortItem(pieces[0], pieces[1] ?? 'asc', path);
  });
}

function sortObject(value: Entries, path: string): SortItem[] {
  return Object.entries(value).map(([field, dir]) => sortItem(field, dir, `${path}.${field}`));
}

/** `sort` in any of its forms. */
export function parseSort(raw: unknown, path: string): SortItem[] {
  if (typeof raw === 'string') return sortTexts(raw, path);
  const items = listOf(raw);
  if (items) {
    return items.flatMap((item, index) => {
      if (typeof item === 'string') return sortTexts(item, `${path}[${index}]`);
      if (isObject(item)) return sortObject(item, `${path}[${index}]`);
      return refuse(`${path}[${index}]`, 'must be field:asc|desc or { field: asc|desc }');
    });
  }
  if (isObject(raw)) return sortObject(raw, path);
  return refuse(path, 'must be field:asc|desc, a list of them, or { field: asc|desc }, e.g. sort=publicationDate:desc');
}

// --- populate -----------------------------------------------------------------------------------

function mergeNode(into: PopulateNode, from: PopulateNode): PopulateNode {
  return {
    fields: from.fields ?? into.fields,
    populate: mergeTrees(into.populate, from.populate),
    filters: from.filters ?? into.filters,
    sort: from.sort.length ? from.sort : into.sort,
    count: into.count || from.count,
  };
}

function mergeTrees(into: PopulateTree, from: PopulateTree): PopulateTree {
  // No prototype: a relation named `__proto__` must stay a key that validation refuses, not become the prototype.
  const merged: PopulateTree = Object.assign(lookupTable<PopulateNode>(), into);
  for (const [name, node] of Object.entries(from)) merged[name] = merged[name] ? mergeNode(merged[name], node) : node;
  return merged;
}

function treeOfPath(segments: string[]): PopulateTree {
  const [head, ...rest] = segments;
  return { [head]: { ...emptyPopulateNode(), populate: rest.length ? treeOfPath(rest) : {} } };
}

function treeOfPaths(paths: string[], path: string): PopulateTree {
  let tree: PopulateTree = {};
  paths.forEach((text, index) => {
    const segments = text.split('.').map((segment) => segment.trim());
    if (segments.some((segment) => !segment)) refuse(`${path}[${index}]`, `"${text}" has an empty segment; e.g. populate=section`);
    tree = mergeTrees(tree, treeOfPath(segments));
  });
  return tree;
}

const POPULATE_OPTIONS = ['fields', 'populate', 'filters', 'sort', 'count'];

function parsePopulateNode(value: Entries, path: string): PopulateNode {
  const node = emptyPopulateNode();
  for (const [key, option] of Object.entries(value)) {
    const here = `${path}.${key}`;
    if (key === 'fields') node.fields = parseFields(option, here);
    else if (key === 'populate') node.populate = parsePopulate(option, here);
    else if (key === 'filters') node.filters = parseFilters(option, here);
    else if (key === 'sort') node.sort = parseSort(option, here);
    else if (key === 'count') {
      if (option !== true && option !== 'true' && option !== false && option !== 'false') refuse(here, 'must be true or false');
      node.count = option === true || option === 'true';
    } else refuse(here, `not a populate option; allowed: ${POPULATE_OPTIONS.join(', ')}`);
  }
  return node;
}

/** `populate` in any of its forms, as a tree keyed by attribute (`*` kept as a key for validate to expand). */
export function parsePopulate(raw: unknown, path: string): PopulateTree {
  if (raw === undefined || raw === '') return {};
  if (raw === true || raw === 'true' || raw === '*') return { '*': emptyPopulateNode() };
  if (typeof raw === 'string') return treeOfPaths(raw.split(','), path);
  const items = listOf(raw);
  if (items) {
    if (!items.every((item) => typeof item === 'string')) refuse(path, 'a populate list holds relation names, e.g. populate[0]=section');
    return treeOfPaths(
      items.flatMap((item) => item.split(',')),
      path,
    );
  }
  if (!isObject(raw)) return refuse(path, 'must be a relation name, a comma list, `*` or an object such as populate[section][fields][0]=name');
  let tree: PopulateTree = {};
  for (const [name, value] of Object.entries(raw)) {
    const here = `${path}.${name}`;
    if (value === false || value === 'false') continue;
    if (value === true || value === 'true' || value === '*') tree = mergeTrees(tree, { [name]: emptyPopulateNode() });
    else if (isObject(value) && !isIndexObject(value)) tree = mergeTrees(tree, { [name]: parsePopulateNode(value, here) });
    else refuse(here, 'must be true, false, `*` or an object of fields, populate, filters, sort, count');
  }
  return tree;
}

// --- filters ------------------------------------------------------------------------------------

const combine = (items: FilterNode[]): FilterNode => (items.length === 1 ? items[0] : { kind: 'and', items });

function parseGroup(key: string, value: unknown, path: string): FilterNode {
  const items = listOf(value);
  if (!items || items.length === 0) refuse(path, `${key} takes a non-empty list of filter objects, e.g. filters[${key}][0][slug][$eq]=a`);
  const nodes = items.map((item, index) => {
    if (!isObject(item)) return refuse(`${path}[${index}]`, `each ${key} entry is a filter object, e.g. filters[${key}][${index}][slug][$eq]=a`);
    return parseFilterObject(item, `${path}[${index}]`);
  });
  return { kind: key === '$and' ? 'and' : 'or', items: nodes };
}

/** A filter object: fields and the logical operators `$and`, `$or`, `$not`; several keys are ANDed. */
export function parseFilterObject(value: Entries, path: string): FilterNode {
  const keys = Object.keys(value);
  if (keys.length === 0) refuse(path, 'an empty filter object');
  return combine(
    keys.map((key) => {
      const here = `${path}.${key}`;
      if (LOGICAL_GROUPS.includes(key)) return parseGroup(key, value[key], here);
      if (key === '$not') {
        if (!isObject(value[key]) || isIndexObject(value[key])) refuse(here, '$not takes one filter object, e.g. filters[$not][slug][$eq]=a');
        return { kind: 'not', item: parseFilterObject(value[key], here) };
      }
      if (key.startsWith('$')) refuse(here, `operators apply to a field (filters[slug][${key}]=…); at this level only $and, $or and $not`);
      return parseFieldFilter(key, value[key], here);
    }),
  );
}

const isOperatorObject = (value: unknown) =>
  isObject(value) && Object.keys(value).every((key) => key.startsWith('$') && !['$and', '$or', '$not'].includes(key));

/** What follows a field name: a value (`$eq`), operators on the field, or filters of the relation or component it leads to. */
function parseFieldFilter(field: string, value: unknown, path: string): FilterNode {
  if (isScalar(value) || Array.isArray(value) || isIndexObject(value)) return { kind: 'where', field, op: '$eq', value: listOf(value) ?? value };
  const entries = value as Entries;
  if (Object.keys(entries).length === 0) refuse(path, 'an empty filter object');
  return combine(
    Object.entries(entries).map(([key, inner]): FilterNode => {
      const here = `${path}.${key}`;
      if (LOGICAL_GROUPS.includes(key)) return { kind: 'through', field, where: parseGroup(key, inner, here) };
      if (key === '$not') {
        if (isOperatorObject(inner)) return { kind: 'not', item: parseFieldFilter(field, inner, here) };
        if (!isObject(inner) || isIndexObject(inner)) refuse(here, '$not takes one object, e.g. filters[title][$not][$eq]=a');
        return { kind: 'through', field, where: { kind: 'not', item: parseFilterObject(inner, here) } };
      }
      if (key.startsWith('$')) return { kind: 'where', field, op: key, value: listOf(inner) ?? inner };
      return { kind: 'through', field, where: parseFieldFilter(key, inner, here) };
    }),
  );
}

/** `filters`: null when absent. */
export function parseFilters(raw: unknown, path: string): FilterNode | null {
  if (raw === undefined) return null;
  if (!isObject(raw) || isIndexObject(raw)) return refuse(path, 'must be an object of field conditions, e.g. filters[slug][$eq]=world');
  return parseFilterObject(raw, path);
}

// --- the whole query ----------------------------------------------------------------------------

/** Top-level keys of a list read and of a single read (find and findOne). */
export const LIST_QUERY_KEYS = ['fields', 'populate', 'filters', 'sort', 'pagination', 'page', 'pageSize', 'start', 'limit', 'status', 'locale', '_q'] as const;
export const SINGLE_QUERY_KEYS = ['fields', 'populate', 'status', 'locale'] as const;

/** Longest `_q` accepted: a search phrase. */
export const MAX_SEARCH_LENGTH = 200;

function readPagination(query: Entries): Pagination {
  const source: Entries = { ...(isObject(query.pagination) ? query.pagination : {}) };
  for (const key of ['page', 'pageSize', 'start', 'limit']) if (query[key] !== undefined) source[key] = query[key];
  const pagination: Pagination = {};
  for (const key of ['page', 'pageSize', 'start', 'limit'] as const) if (source[key] !== undefined) pagination[key] = Number(source[key]);
  if (source.withCount !== undefined) pagination.withCount = source.withCount === 'true';
  return pagination;
}

/**
 * A REST query (koa's qs-parsed `ctx.query`) as the normalised form, or a 400 ValidationError for a
 * syntax error. `single`: a findOne read (no filters, sort or pagination). `maxLimit`: api.rest.maxLimit.
 */
export function parseContentQuery(query: Entries, options: { single?: boolean; maxLimit: number }): ContentQuery {
  refuseProblem(unknownQueryKey(query, options.single ? SINGLE_QUERY_KEYS : LIST_QUERY_KEYS));
  refuseProblem(paginationProblem(query, options.maxLimit));
  refuseProblem(scalarParamProblem(query));
  const parsed = emptyQuery();
  if (query.fields !== undefined) parsed.fields = parseFields(query.fields, 'fields');
  parsed.populate = parsePopulate(query.populate, 'populate');
  parsed.filters = parseFilters(query.filters, 'filters');
  if (query.sort !== undefined) parsed.sort = parseSort(query.sort, 'sort');
  parsed.pagination = readPagination(query);
  if (query.status !== undefined) parsed.status = query.status as 'draft' | 'published';
  // Which locales are offered is the database's to say: the query contract middleware checks it (readerLocale, src/locales).
  if (typeof query.locale === 'string') parsed.locale = query.locale;
  if (typeof query._q === 'string') {
    if (query._q.length > MAX_SEARCH_LENGTH) refuse('_q', `at most ${MAX_SEARCH_LENGTH} characters`);
    parsed.search = query._q;
  }
  return parsed;
}
