import type { Core } from '@strapi/strapi';
import { checkRouteQuery } from '../../../query-contract/routes';
import { readerOpenApiDocument } from '../../../openapi/document';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  document(ctx: { query: Record<string, unknown>; body: unknown }) {
    checkRouteQuery(ctx.query, 'openapi');
    ctx.body = readerOpenApiDocument(strapi);
  },
});
