/**
 * The reader API as an OpenAPI 3.1 document, built from the route definitions and the query contract
 * that validate requests (paths.ts, parameters.ts, schemas.ts) and the reader's own shapes (shapes.ts).
 * Built once per Strapi instance: routes and schemas do not change while it runs.
 */
import type { Core } from '@strapi/strapi';
import { readerQueryContract } from '../query-contract';
import { PREVIEW_SECRET_HEADER } from '../preview/preview-controller';
import { readerPaths } from './paths';
import { contractSchemas, ref, type JsonSchema } from './schemas';
import { READER_SHAPES } from './shapes';

/** The errors the reader routes answer, with the Strapi error name each carries. */
export const ERROR_RESPONSES: Record<number, string> = {
  400: 'ValidationError: a parameter outside the documented ones or their limits, or an answer over the row or size budget',
  401: 'UnauthorizedError: an invalid token, or a preview without the secret',
  403: 'ForbiddenError: a token whose scope does not include the route',
  404: 'NotFoundError: no published item there',
  500: 'InternalServerError: details.correlationId names the log line',
  503: 'ServiceUnavailableError: the server is busy or the query took too long; retry (Retry-After)',
};

const LAST_UPDATE_PROPERTY = { lastUpdate: { oneOf: [ref('LastUpdate'), { type: 'null' }] } };

function buildDocument(strapi: Core.Strapi): JsonSchema {
  const contract = readerQueryContract(strapi);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Newsroom reader API',
      version: String(strapi.config.get('info.version', '0.0.0')),
      description:
        'Published articles, sections and teasers, the article page and "More from" lists. Every parameter outside the documented ones ' +
        'is a 400 ValidationError. Responses carry Cache-Control and an ETag.',
    },
    paths: readerPaths(strapi, contract),
    components: {
      schemas: { ...contractSchemas(contract, { 'api::article.article': LAST_UPDATE_PROPERTY }), ...READER_SHAPES },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, description]) => [
          `Error${status}`,
          { description, content: { 'application/json': { schema: ref('Error') } } },
        ]),
      ),
      securitySchemes: {
        previewSecretHeader: { type: 'apiKey', in: 'header', name: PREVIEW_SECRET_HEADER },
        previewSecretQuery: { type: 'apiKey', in: 'query', name: 'secret' },
      },
    },
  };
}

const documents = new WeakMap<Core.Strapi, JsonSchema>();

/** The document of this Strapi instance (the same object on every call). */
export function readerOpenApiDocument(strapi: Core.Strapi): JsonSchema {
  let document = documents.get(strapi);
  if (!document) {
    document = buildDocument(strapi);
    documents.set(strapi, document);
  }
  return document;
}
