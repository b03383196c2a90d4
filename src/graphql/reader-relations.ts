import type { Core, Schema } from '@strapi/strapi';
import { withMethods } from '../internals/shapes';
import { readerRules } from '../documents/reader-visibility';
import { restrictFilters, type ReaderRules } from '../documents/reader-query';
import { toGraphqlFilters } from '../visibility/document-filters';

type Args = Record<string, unknown>;
type Resolve = (parent: unknown, args: Args, context: GraphqlContext, info: unknown) => unknown;
type ResolverMiddleware = (resolve: Resolve, parent: unknown, args: Args, context: GraphqlContext, info: unknown) => unknown;
interface GraphqlContext {
  rootQueryArgsByPath?: Map<unknown, Args>;
}

/**
 * The arguments a nested relation field to `targetUid` is resolved with for a reader: published versions
 * only, the client's filters with the reader rules inside every relation they go through, and the
 * target's own reader rule (the visibility definition, src/visibility/definition.ts) ANDed.
 */
export function readerRelationArgs(args: Args, targetUid: string, rules: ReaderRules): Args {
  const filters = args.filters === undefined ? undefined : restrictFilters(args.filters, targetUid, rules, 'graphql');
  const own = rules.populated(targetUid);
  const withRule = own ? { and: [...(filters === undefined ? [] : [filters]), ...(toGraphqlFilters(own) as unknown[])] } : filters;
  return { ...args, status: 'published', ...(withRule === undefined ? {} : { filters: withRule }) };
}

/**
 * GraphQL nested relations (`Section.articles`, `Article.teasers`, `Teaser.article`, their `_connection`
 * fields) are not read through the Document Service but by Strapi's association resolver straight from
 * the database, so the reader-visibility middleware never sees them. That resolver takes the status
 * from the field's `status` argument, else from the *client's* root query arguments (`articles(status:
 * DRAFT)` gives draft relations), else, under a custom root query such as `articleBySlug`, applies
 * none; and it knows nothing of teaser windows. Each such field gets a resolver middleware that passes
 * `status: published` and the reader rules, and drops the root query's publication filters (about
 * drafts; `publicationFilter: MODIFIED` would tell which articles have unpublished edits).
 */
export function registerReaderRelations(strapi: Core.Strapi) {
  const middleware =
    (target: string): ResolverMiddleware =>
    (resolve, parent, args, context, info) => {
      for (const rootArgs of context.rootQueryArgsByPath?.values() ?? []) {
        delete rootArgs.publicationFilter;
        delete rootArgs.hasPublishedVersion;
      }
      return resolve(parent, readerRelationArgs(args ?? {}, target, readerRules(strapi, new Date())), context, info);
    };

  strapi
    .plugin('graphql')
    .service('extension')
    .use(() => {
      const naming = withMethods<{ getTypeName(contentType: Schema.ContentType): string }>(
        strapi.plugin('graphql').service('utils').naming,
        ['getTypeName'],
        "the GraphQL plugin's naming utils",
      );
      const resolversConfig: Record<string, { middlewares: ResolverMiddleware[] }> = {};
      const contentTypes: Schema.ContentType[] = Object.values(strapi.contentTypes);
      for (const contentType of contentTypes) {
        for (const [name, attribute] of Object.entries<Schema.Attribute.AnyAttribute>(contentType.attributes)) {
          if (attribute.type !== 'relation' || !('target' in attribute) || !attribute.target) continue;
          const path = `${naming.getTypeName(contentType)}.${name}`;
          resolversConfig[path] = { middlewares: [middleware(attribute.target)] };
          if (attribute.relation.endsWith('Many')) resolversConfig[`${path}_connection`] = { middlewares: [middleware(attribute.target)] };
        }
      }
      return { resolversConfig };
    });
}
