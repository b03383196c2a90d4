import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { paginationProblem, scalarParamProblem, unknownQueryKey, type QueryProblem } from '../newsroom/request-params';

/** Throws a problem found in a query as Strapi's 400 `ValidationError`, with the same details Strapi's own query validation gives. */
export function refuseQueryProblem(problem: QueryProblem | null): void {
  if (problem) throw new errors.ValidationError(problem.message, problem.details);
}

/** The query parameters each custom reader route takes; anything else is refused, as on core routes (`api.rest.strictParams`). */
export const READER_QUERY_KEYS = {
  articlePage: ['moreFromLimit'],
  moreFrom: ['limit', 'exclude'],
  preview: ['status', 'moreFromLimit', 'secret'],
} as const;

export function refuseUnknownQueryKeys(query: Record<string, unknown>, allowed: readonly string[]): void {
  refuseQueryProblem(unknownQueryKey(query, allowed));
}

/** The core list/single reads' pagination, `status` and `locale`, checked strictly (see paginationProblem). */
export function refuseLooseCoreQuery(strapi: Core.Strapi, query: Record<string, unknown>): void {
  refuseQueryProblem(paginationProblem(query, Number(strapi.config.get('api.rest.maxLimit', 100))));
  refuseQueryProblem(scalarParamProblem(query));
}
