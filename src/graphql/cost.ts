/**
 * The price of a GraphQL operation, before it runs (the refusal of an operation over GRAPHQL_MAX_COMPLEXITY,
 * or over GRAPHQL_MAX_ROOT_FIELDS root fields, each alias one, is in ./limits.ts; the depth limit and
 * Apollo's cap on selections come on top).
 *
 * Cost of a field = its own cost + (items it may return) × (cost of its selection), every alias counted:
 * - own cost 1, JSON_FIELD_COST for a JSON value (an article's blocks body: parsed, walked and written
 *   out), DATABASE_READ_COST for a root field, RELATION_READ_COST for a relation read per parent below
 *   the root, more for the fields that do more (ROOT_FIELD_COSTS, MORE_FROM_COST);
 * - items: a `pagination` argument's `limit`/`pageSize` (default `defaultLimit`, at most `maxLimit`,
 *   as Strapi clamps it) or 1 when `filters` pins a slug or documentId, `moreFrom`'s `limit` (1–20,
 *   default NEWS_MORE_FROM_LIMIT), else 1.
 * So 100 articles each with 100 related articles cost about 300 000, a whole article page with a More
 * from list of 20 about 500, a front page (10 sections with 5 More from items each) about 1 400.
 * Calibrated on the time each takes (tests/integration/starvation.test.ts): the default limit, 7 500, is
 * a few hundred milliseconds of one core.
 */
import { GraphQLError, Kind, getNamedType, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { MORE_FROM_LIMIT_MAX, MORE_FROM_LIMIT_MIN } from '../settings/news';
import { refusal } from './strapi-errors';

export const DATABASE_READ_COST = 10;

/**
 * Root fields that do more than one read, priced at what they cost (measured: event-loop time per alias
 * against a generic root read, see README "Limits"). `articleBySlug` is a whole article: its blocks
 * body, and the resolvers of its page (`lastUpdate`, `moreFrom`) price on top of it.
 */
export const ROOT_FIELD_COSTS: Readonly<Record<string, number>> = { articleBySlug: 50, search: 40 };

/** A JSON value (the blocks body): kilobytes to parse, sanitise and serialise, not one scalar. */
export const JSON_FIELD_COST = 10;

/**
 * A relation below the root (`section` of each article, `articles` of each section) is read once per
 * parent, through the Document Service with its middlewares and the sanitiser: measured at about three
 * root reads each (tests/integration/starvation.test.ts, 100 articles with their sections).
 */
export const RELATION_READ_COST = 3 * DATABASE_READ_COST;

/** `moreFrom` reads the article, its section, the promoted teasers, the latest articles and their images. */
export const MORE_FROM_COST = 10 * DATABASE_READ_COST;

/**
 * A field resolved by reading related documents: its type is one Strapi generates for a content type or
 * a media file (it has `documentId` and `createdAt`; the reader's own types, built from rows already
 * read, have no `createdAt`).
 */
function readsRelation(field: { type: Parameters<typeof getNamedType>[0] }): boolean {
  const named = getNamedType(field.type) as { getFields?: () => Record<string, unknown> };
  if (typeof named.getFields !== 'function') return false;
  const fields = named.getFields();
  return 'documentId' in fields && 'createdAt' in fields;
}

export interface ComplexityLimits {
  /** Operations costing more are refused. */
  maxComplexity: number;
  /** The GraphQL plugin's `defaultLimit` and `maxLimit`. */
  defaultLimit: number;
  maxLimit: number;
  /** Items of a `moreFrom` list without `limit` (NEWS_MORE_FROM_LIMIT). */
  moreFromLimit: number;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);
const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** Fields whose equality filter matches at most one document (slugs are unique per type). */
const UNIQUE_FIELDS = ['documentId', 'slug'];

/** True for `filters: { slug: { eq: "…" } }` and the like: the list holds one item at most. */
export function pinsOneDocument(filters: unknown): boolean {
  if (!filters || typeof filters !== 'object') return false;
  return UNIQUE_FIELDS.some((name) => {
    const condition = (filters as Record<string, unknown>)[name] as { eq?: unknown } | null | undefined;
    return !!condition && typeof condition === 'object' && typeof condition.eq === 'string';
  });
}

/** How many items a field asked with these arguments may return, as Strapi will serve it. */
export function itemsAsked(field: { name: string; args: readonly { name: string }[] }, args: Record<string, unknown>, limits: ComplexityLimits): number | null {
  const pagination = args.pagination as { limit?: unknown; pageSize?: unknown } | undefined | null;
  if (field.args.some((arg) => arg.name === 'pagination')) {
    if (pinsOneDocument(args.filters)) return 1;
    const asked = pagination?.limit ?? pagination?.pageSize;
    // -1 is Strapi's "as many as allowed".
    if (!isInteger(asked)) return limits.defaultLimit;
    return asked === -1 ? limits.maxLimit : clamp(asked, 1, limits.maxLimit);
  }
  if (field.name === 'moreFrom') {
    // A limit out of range is refused by the resolver itself (BAD_USER_INPUT); count it at its bound.
    return isInteger(args.limit) ? clamp(args.limit, MORE_FROM_LIMIT_MIN, MORE_FROM_LIMIT_MAX) : limits.moreFromLimit;
  }
  return null;
}

/** The estimator for graphql-query-complexity described at the top of this file. */
export function newsroomEstimator(limits: ComplexityLimits): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const items = itemsAsked(field, args, limits);
    const isRoot = type.name === 'Query' || type.name === 'Mutation';
    const ownCost = isRoot
      ? (ROOT_FIELD_COSTS[field.name] ?? DATABASE_READ_COST)
      : field.name === 'moreFrom'
        ? MORE_FROM_COST
        : items !== null || readsRelation(field)
          ? RELATION_READ_COST
          : getNamedType(field.type).name === 'JSON'
            ? JSON_FIELD_COST
            : 1;
    // Lists without pagination (image formats, `items` of a More from list) are bounded by their parent's count.
    return ownCost + (items ?? 1) * childComplexity;
  };
}

/** The cost of an operation, or null when its variables do not fit it (Apollo then answers 400 BAD_USER_INPUT itself). */
export function operationComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  options: { variables?: Record<string, unknown>; operationName?: string | null; limits: ComplexityLimits },
): number | null {
  try {
    return getComplexity({
      schema,
      query: document,
      variables: options.variables ?? {},
      ...(options.operationName ? { operationName: options.operationName } : {}),
      estimators: [newsroomEstimator(options.limits)],
    });
  } catch (error) {
    if (error instanceof GraphQLError && /^Variable "/.test(error.message)) return null;
    throw refusal(error instanceof Error ? error.message : String(error), {});
  }
}

/** The operation a request runs: the one named, or the only one. */
function operationOf(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  return operationName ? operations.find((operation) => operation.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
}

/**
 * How many root fields the operation runs: one per response key (an alias, else the field's name), with
 * fragments expanded, as GraphQL executes them; `__typename` costs nothing and is not counted.
 */
export function rootFieldCount(document: DocumentNode, operationName?: string | null): number {
  const operation = operationOf(document, operationName);
  if (!operation) return 0;
  const fragments = new Map(
    document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])),
  );
  const keys = new Set<string>();
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') keys.add(selection.alias?.value ?? selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return keys.size;
}
