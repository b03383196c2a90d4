import type { Core } from '@strapi/strapi';
import { parseContentQuery, readerQueryContract, toStrapiQuery, validate, type QueryContract } from '../query-contract';
import { readerLocale } from '../locales';

export interface QueryContractConfig {
  /** The content type the route reads. */
  uid: string;
  /** findOne: fields, populate, status and locale only. */
  single?: boolean;
}

interface Ctx {
  query: Record<string, unknown>;
  request: object;
}

/**
 * A route middleware that parses the query in any syntax, checks it against `contract` (a 400
 * ValidationError naming the parameter otherwise), and hands Strapi the validated query in its
 * canonical form, so that what runs is what was checked. The locale is always set: the one asked for
 * as stored, or NEWS_DEFAULT_LOCALE (readerLocale: anything else, `*` and `all` included, is a 400).
 */
export function enforceQueryContract(strapi: Core.Strapi, contract: () => QueryContract, config: QueryContractConfig) {
  return async (ctx: Ctx, next: () => Promise<void>) => {
    const maxLimit = Number(strapi.config.get('api.rest.maxLimit', 100));
    const query = validate(contract(), config.uid, parseContentQuery(ctx.query, { single: config.single, maxLimit }));
    query.locale = await readerLocale(strapi, query.locale);
    // An own property: koa's setter would re-serialise through qs and lose the values' types.
    Object.defineProperty(ctx.request, 'query', { value: toStrapiQuery(query), writable: true, configurable: true, enumerable: true });
    await next();
  };
}

/** `global::query-contract`, on the core find/findOne routes of articles, sections and teasers: the reader query contract (src/query-contract). */
export default (config: QueryContractConfig, { strapi }: { strapi: Core.Strapi }) => enforceQueryContract(strapi, () => readerQueryContract(strapi), config);
