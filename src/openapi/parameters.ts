/**
 * The query parameters of the reader routes, with their limits, from the same sources that validate
 * requests: the query contract (fields, sort, populate, filters), `api.rest.maxLimit` and the page
 * bounds (pagination), ROUTE_QUERY_CONTRACTS and the More-from bounds (the custom routes).
 */
import type { QueryContract } from '../query-contract';
import { MAX_SEARCH_LENGTH } from '../query-contract/parse';
import { MAX_ROUTE_VALUE_LENGTH, ROUTE_QUERY_CONTRACTS } from '../query-contract/routes';
import { MAX_PAGE, MAX_START } from '../http/request-params';
import { MORE_FROM_LIMIT_MAX, MORE_FROM_LIMIT_MIN } from '../settings/news';
import { PREVIEW_STATUSES } from '../preview/preview-link';
import { ref, schemaName, type JsonSchema } from './schemas';
import { LOCALE_CODE_MAX_LENGTH, LOCALE_CODE_PATTERN } from '../settings/locales';
import { MAX_QUERY_LENGTH, MAX_QUERY_WORDS } from '../search/query';
import { SEARCH_MAX_DEPTH, SEARCH_MAX_PAGE_SIZE, SEARCH_PAGE_SIZE } from '../search/service';

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  description?: string;
  style?: 'form' | 'deepObject' | 'simple';
  explode?: boolean;
  schema: JsonSchema;
}

/** A comma list (`fields=title,slug`); Strapi also reads `fields[0]=title`. */
const commaList = (name: string, description: string, items: string[], maxItems: number): Parameter => ({
  name,
  in: 'query',
  description,
  style: 'form',
  explode: false,
  schema: { type: 'array', items: { type: 'string', enum: items }, uniqueItems: true, maxItems },
});

/**
 * Every populate path the contract allows from `uid`, dotted: at most `populateRelationLevels` relations
 * (components and media do not count), never back the way it came, nothing beyond a file.
 */
export function populatePaths(contract: QueryContract, uid: string): string[] {
  const paths: string[] = [];
  const walk = (modelUid: string, prefix: string, relations: number, cameBy: string | null) => {
    const model = contract.models[modelUid];
    for (const [name, link] of Object.entries(model.links)) {
      if (name === cameBy) continue;
      const levels = relations + (link.kind === 'relation' ? 1 : 0);
      if (levels > contract.limits.populateRelationLevels) continue;
      const path = `${prefix}${name}`;
      paths.push(path);
      if (link.kind !== 'media') walk(link.target, `${path}.`, levels, link.kind === 'relation' ? link.inverse : null);
    }
  };
  walk(uid, '', 0, null);
  return paths;
}

/** `fields`, `populate`: what one item shows. */
function selectionParameters(contract: QueryContract, uid: string): Parameter[] {
  const { fields, links } = contract.models[uid];
  return [
    commaList('fields', 'The fields to return (default: all of them).', Object.keys(fields), contract.limits.fieldNames),
    commaList(
      'populate',
      `Relations, media and components to add, as dotted paths (\`*\`: every link of the first level). The bracket form ` +
        `(\`populate[section][fields][0]=name\`) takes fields, populate, filters, sort and, on to-many relations, count. At most ` +
        `${contract.limits.populatedAttributes} populated attributes and ${contract.limits.populateRelationLevels} relation levels per path.`,
      ['*', ...populatePaths(contract, uid)],
      contract.limits.populatedAttributes,
    ),
  ].map((parameter) => (parameter.name === 'populate' && !Object.keys(links).length ? { ...parameter, schema: { type: 'string', enum: ['*'] } } : parameter));
}

const LOCALE_DESCRIPTION =
  'The locale to read (`en`, `de`, `pt-BR`): one the admin offers (Settings › Internationalization); absent: NEWS_DEFAULT_LOCALE. ' +
  'Any other value, `*` and `all` included, is a 400 naming the offered locales.';
const localeSchema: JsonSchema = { type: 'string', maxLength: LOCALE_CODE_MAX_LENGTH, pattern: LOCALE_CODE_PATTERN.source };

/** `?locale=` of every reader read, core and custom. */
const localeParameter: Parameter = { name: 'locale', in: 'query', description: LOCALE_DESCRIPTION, schema: localeSchema };

/** The parameters of a core findOne (`/api/articles/{id}`). */
export function singleParameters(contract: QueryContract, uid: string): Parameter[] {
  return [...selectionParameters(contract, uid), localeParameter];
}

/** The parameters of a core find (`/api/articles`). */
export function listParameters(contract: QueryContract, uid: string, maxLimit: number): Parameter[] {
  const { fields } = contract.models[uid];
  const sortable = Object.keys(fields).filter((name) => fields[name].sortable);
  const { limits } = contract;
  return [
    ...selectionParameters(contract, uid),
    commaList(
      'sort',
      'Sort keys, `field` or `field:asc|desc`, own fields only.',
      sortable.flatMap((name) => [name, `${name}:asc`, `${name}:desc`]),
      limits.sortItems,
    ),
    {
      name: 'filters',
      in: 'query',
      style: 'deepObject',
      explode: true,
      description:
        `Conditions, e.g. \`filters[title][$containsi]=war\`, \`filters[section][slug][$eq]=world\`. At most ${limits.filterConditions} conditions, ` +
        `${limits.filterRelationLevels} relations deep, ${limits.filterJoins} relation steps and ${limits.filterLogicalDepth} levels of $and/$or/$not per request.`,
      schema: ref(`${schemaName(uid)}Filters`),
    },
    {
      name: 'pagination',
      in: 'query',
      style: 'deepObject',
      explode: true,
      description: 'Page style (`page`, `pageSize`) or offset style (`start`, `limit`), not both.',
      schema: {
        type: 'object',
        properties: {
          page: { type: 'integer', minimum: 1, maximum: MAX_PAGE },
          pageSize: { type: 'integer', minimum: 1, maximum: maxLimit },
          start: { type: 'integer', minimum: 0, maximum: MAX_START },
          limit: { type: 'integer', minimum: 1, maximum: maxLimit },
          withCount: { type: 'boolean' },
        },
        additionalProperties: false,
      },
    },
    localeParameter,
    { name: '_q', in: 'query', description: 'Full-text search.', schema: { type: 'string', maxLength: MAX_SEARCH_LENGTH } },
  ];
}

const pathParameter = (name: string, description: string): Parameter => ({ name, in: 'path', required: true, description, schema: { type: 'string' } });

const moreFromLimitSchema = (fallback: string): JsonSchema => ({
  type: 'integer',
  minimum: MORE_FROM_LIMIT_MIN,
  maximum: MORE_FROM_LIMIT_MAX,
  description: `Default: ${fallback}.`,
});

/** `?locale=` of the feeds and sitemaps (src/locales `readerLocale`). */
const LOCALE_PARAMETER: Omit<Parameter, 'name' | 'in'> = {
  description: 'The locale: an offered locale code such as `en` or `de` (another is a 400 naming the offered ones). Default: NEWS_DEFAULT_LOCALE.',
  schema: { type: 'string', maxLength: LOCALE_CODE_MAX_LENGTH },
};

/** The query parameters of the custom routes, one per name of ROUTE_QUERY_CONTRACTS (a name missing here fails the build). */
const ROUTE_PARAMETERS: { [R in keyof typeof ROUTE_QUERY_CONTRACTS]: Record<(typeof ROUTE_QUERY_CONTRACTS)[R][number], Omit<Parameter, 'name' | 'in'>> } = {
  articlePage: {
    locale: {
      description:
        `${LOCALE_DESCRIPTION} An article not published in this locale is a 404, unless NEWS_LOCALE_FALLBACK is set: ` +
        'then its page in the fallback locale, with `requestedLocale`.',
      schema: localeSchema,
    },
    moreFromLimit: { description: 'Items of the More from list.', schema: moreFromLimitSchema('NEWS_MORE_FROM_LIMIT') },
  },
  moreFrom: {
    locale: { description: `${LOCALE_DESCRIPTION} The section, the excluded slug and the items are of this locale.`, schema: localeSchema },
    limit: { description: 'Items of the list.', schema: moreFromLimitSchema('NEWS_MORE_FROM_LIMIT') },
    exclude: { description: 'The slug of an article to leave out (the one being read).', schema: { type: 'string', maxLength: MAX_ROUTE_VALUE_LENGTH } },
  },
  preview: {
    locale: { description: `${LOCALE_DESCRIPTION} Which translation of the document to show.`, schema: localeSchema },
    status: { description: 'Which version to show.', schema: { type: 'string', enum: [...PREVIEW_STATUSES], default: 'draft' } },
    moreFromLimit: { description: 'Items of the More from list.', schema: moreFromLimitSchema('NEWS_MORE_FROM_LIMIT') },
    secret: { description: 'PREVIEW_SECRET, when the X-Preview-Secret header cannot be sent.', schema: { type: 'string', maxLength: MAX_ROUTE_VALUE_LENGTH } },
  },
  openapi: {},
  feed: { locale: LOCALE_PARAMETER },
  sitemap: { locale: LOCALE_PARAMETER },
  search: {
    q: {
      description: `What to find, in web-search syntax: words (all must occur), \`"an exact phrase"\`, \`-excluded\`, \`or\` between alternatives. 1 to ${MAX_QUERY_LENGTH} characters, at most ${MAX_QUERY_WORDS} words.`,
      required: true,
      schema: { type: 'string', minLength: 1, maxLength: MAX_QUERY_LENGTH },
    },
    locale: {
      description:
        "The locale searched (`en`, `de`, `pt-BR`; default NEWS_DEFAULT_LOCALE): its articles only, with its language's stemming and stop words. A locale that is not offered is a 400.",
      schema: { type: 'string', maxLength: LOCALE_CODE_MAX_LENGTH },
    },
    section: {
      description: "A section's slug in that locale: only articles filed in it or in its sub-sections.",
      schema: { type: 'string', maxLength: MAX_ROUTE_VALUE_LENGTH },
    },
    from: {
      description: 'First publication on or after: a day (`2016-05-17`, in NEWS_TIMEZONE) or a date-time with its offset.',
      schema: { type: 'string', maxLength: 40 },
    },
    to: {
      description: 'First publication on or before: a day (the whole day, in NEWS_TIMEZONE) or a date-time with its offset.',
      schema: { type: 'string', maxLength: 40 },
    },
    page: { description: `Page number (the first ${SEARCH_MAX_DEPTH} hits can be paged to).`, schema: { type: 'integer', minimum: 1, default: 1 } },
    pageSize: { description: 'Hits per page.', schema: { type: 'integer', minimum: 1, maximum: SEARCH_MAX_PAGE_SIZE, default: SEARCH_PAGE_SIZE } },
  },
};

/** Path parameters, then the route's query parameters in the order of its contract. */
export function routeParameters(route: keyof typeof ROUTE_QUERY_CONTRACTS, pathParameters: Parameter[]): Parameter[] {
  const described = ROUTE_PARAMETERS[route] as Record<string, Omit<Parameter, 'name' | 'in'>>;
  return [...pathParameters, ...ROUTE_QUERY_CONTRACTS[route].map((name) => ({ name, in: 'query' as const, ...described[name] }))];
}

export { pathParameter };
