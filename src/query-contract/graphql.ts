/**
 * The reader query contract for GraphQL: an Apollo plugin that, before any resolver runs, walks the
 * operation (fragments included, variables applied) and checks the `filters`, `sort` and `pagination`
 * arguments of every list and relation field of a reader type, nested ones too, against the same
 * contract as REST. GraphQL's filter form (`{ title: { eq } }`, `and/or/not`) is mapped to the REST
 * form and parsed by the same parser. A refusal is a 400 with Strapi's error name (see refusal()).
 */
import { getNamedType, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getArgumentValues } from 'graphql/execution/values';
import { errors } from '@strapi/utils';
import type { Core } from '@strapi/strapi';
import { refusal } from '../graphql/strapi-errors';
import { MAX_PAGE, MAX_START } from '../http/request-params';
import { READER_UIDS, type QueryContract } from './contract';
import { parseFilterObject, parseSort } from './parse';
import { validateFilters, validateSort } from './validate';
import { readerQueryContract } from './index';
import { readerLocale } from '../locales';

/** Strapi's GraphQL filter operators; each is the REST operator with a `$`. */
export const GRAPHQL_OPERATORS = new Set([
  'and',
  'or',
  'not',
  'eq',
  'eqi',
  'ne',
  'nei',
  'startsWith',
  'startsWithi',
  'endsWith',
  'endsWithi',
  'contains',
  'notContains',
  'containsi',
  'notContainsi',
  'gt',
  'gte',
  'lt',
  'lte',
  'null',
  'notNull',
  'in',
  'notIn',
  'between',
]);

/**
 * GraphQL filter arguments in the REST form (`{ title: { eq: 'a' } }` → `{ title: { $eq: 'a' } }`).
 * Dates become ISO strings (the DateTime scalar parses them), and null or empty entries are dropped
 * (GraphQL clients send `filters: {}` and unset variables as such; Strapi ignores them).
 */
export function graphqlFiltersToRest(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(graphqlFiltersToRest);
  if (typeof value !== 'object' || value === null) return value;
  const entries: Array<[string, unknown]> = [];
  for (const [key, inner] of Object.entries(value)) {
    const mapped = graphqlFiltersToRest(inner);
    if (mapped === undefined || (mapped === null && !GRAPHQL_OPERATORS.has(key))) continue;
    if (typeof mapped === 'object' && mapped !== null && !Array.isArray(mapped) && Object.keys(mapped).length === 0) continue;
    entries.push([GRAPHQL_OPERATORS.has(key) ? `$${key}` : key, mapped]);
  }
  return Object.fromEntries(entries);
}

interface GraphqlPagination {
  page?: number | null;
  pageSize?: number | null;
  start?: number | null;
  limit?: number | null;
}

/** GraphQL pagination: integers in range (`limit: -1` is Strapi's "as many as allowed"), page and offset styles not mixed. */
export function checkGraphqlPagination(pagination: GraphqlPagination | null | undefined, maxLimit: number): void {
  if (!pagination) return;
  const ranges: Record<keyof GraphqlPagination, [number, number]> = {
    page: [1, MAX_PAGE],
    pageSize: [1, maxLimit],
    start: [0, MAX_START],
    limit: [1, maxLimit],
  };
  for (const key of Object.keys(ranges) as Array<keyof GraphqlPagination>) {
    const value = pagination[key];
    if (value === undefined || value === null || (key === 'limit' && value === -1)) continue;
    const [min, max] = ranges[key];
    if (!(value >= min && value <= max))
      throw new errors.ValidationError(`pagination.${key}: must be an integer from ${min} to ${max} (got ${value})`, {
        source: 'query',
        param: 'pagination',
        path: `pagination.${key}`,
        key,
      });
  }
  const given = (key: keyof GraphqlPagination) => pagination[key] !== undefined && pagination[key] !== null;
  if ((given('page') || given('pageSize')) && (given('start') || given('limit'))) {
    throw new errors.ValidationError('pagination: page/pageSize and start/limit pagination cannot be mixed', {
      source: 'query',
      param: 'pagination',
      path: 'pagination',
      key: 'pagination',
    });
  }
}

/** Checks the contract arguments of one field that lists `uid`; throws Strapi's ValidationError. */
export function checkListArguments(contract: QueryContract, uid: string, args: Record<string, unknown>, maxLimit: number): void {
  if (args.filters !== undefined && args.filters !== null) {
    const filters = graphqlFiltersToRest(args.filters) as Record<string, unknown>;
    if (Object.keys(filters).length) validateFilters(contract, uid, parseFilterObject(filters, 'filters'), 'filters');
  }
  if (args.sort !== undefined && args.sort !== null) {
    const sort = Array.isArray(args.sort) ? args.sort.filter((item) => item !== null) : args.sort;
    if (!(Array.isArray(sort) && sort.length === 0)) validateSort(contract.models[uid], parseSort(sort, 'sort'), 'sort', contract);
  }
  checkGraphqlPagination(args.pagination as GraphqlPagination | null | undefined, maxLimit);
}

type NamingUtils = { getFiltersInputTypeName: (contentType: unknown) => string };

/** Reader type uids by the name of their GraphQL filters input (`ArticleFiltersInput` → api::article.article). */
function uidsByFiltersInput(strapi: Core.Strapi): Map<string, string> {
  const naming = strapi.plugin('graphql').service('utils').naming as NamingUtils;
  return new Map(READER_UIDS.map((uid) => [naming.getFiltersInputTypeName(strapi.contentType(uid)), uid]));
}

interface OperationContext {
  request: { variables?: Record<string, unknown> };
  document: DocumentNode;
  schema: GraphQLSchema;
}

/** A ValidationError of field `name` as the GraphQL 400 refusal; anything else as it is. */
function asRefusal(name: string, error: unknown): unknown {
  return error instanceof errors.ValidationError ? refusal(`${name} ${error.message}`, (error.details ?? {}) as Record<string, unknown>) : error;
}

/**
 * Walks an operation and checks every reader list field's arguments, and every `locale` argument (Strapi's
 * i18n adds one to each query of a localised type, `articleBySlug` included) by the rule of REST
 * (readerLocale: an offered locale; `*` is refused); throws a GraphQL 400 refusal.
 */
export async function checkOperationArguments(
  strapi: Core.Strapi,
  { request, document, schema }: OperationContext,
  uidByInput: Map<string, string>,
): Promise<void> {
  const contract = readerQueryContract(strapi);
  const maxLimit = Number(strapi.config.get('plugin::graphql.maxLimit', 100));
  const typeInfo = new TypeInfo(schema);
  const locales: Array<{ name: string; value: unknown }> = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        const filtersArg = field?.args.find((arg) => arg.name === 'filters');
        const uid = filtersArg ? uidByInput.get(getNamedType(filtersArg.type).name) : undefined;
        const hasLocale = field?.args.some((arg) => arg.name === 'locale') ?? false;
        if (!field || (!uid && !hasLocale)) return;
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(field, node, request.variables ?? {});
        } catch {
          // Variables that do not fit the field: Apollo refuses them itself (400 BAD_USER_INPUT).
          return;
        }
        const name = `${typeInfo.getParentType()?.name ?? ''}.${field.name}`;
        if (hasLocale && args.locale !== undefined && args.locale !== null) locales.push({ name, value: args.locale });
        if (!uid) return;
        try {
          checkListArguments(contract, uid, args, maxLimit);
        } catch (error) {
          throw asRefusal(name, error);
        }
      },
    }),
  );
  for (const { name, value } of locales) {
    try {
      await readerLocale(strapi, value);
    } catch (error) {
      throw asRefusal(name, error);
    }
  }
}

/** The Apollo plugin; `getStrapi` is called at request time (the plugin is configured before Strapi exists). */
export function queryContractPlugin(getStrapi: () => Core.Strapi) {
  let cache: { strapi: Core.Strapi; uidByInput: Map<string, string> } | null = null;
  return {
    // eslint-disable-next-line @typescript-eslint/require-await -- Apollo types its plugin hooks as returning Promises
    async requestDidStart() {
      return {
        async didResolveOperation(context: OperationContext) {
          const strapi = getStrapi();
          if (cache?.strapi !== strapi) cache = { strapi, uidByInput: uidsByFiltersInput(strapi) };
          await checkOperationArguments(strapi, context, cache.uidByInput);
        },
      };
    },
  };
}
