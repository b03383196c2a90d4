/**
 * Keeps the search index in step with the articles: every Document Service write of an article (admin
 * panel, REST, GraphQL, the scheduler, the seed, scripts) replaces the document's entries with its
 * published rows, in the write's transaction: a change and its index entry commit together, and a draft
 * save writes the same entries again (a draft row is never indexed). Writes around the Document Service
 * (a restore, an import, the benchmark's fill) are found and repaired at start-up and by
 * `npm run search:reindex`; `npm run doctor` reports an index out of step.
 */
import type { Core, Modules } from '@strapi/strapi';
import { ARTICLE } from '../visibility/definition';
import { syncSearchDocument } from './engine';

const READS = new Set(['findMany', 'findFirst', 'findOne', 'count']);

export const searchIndexMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== ARTICLE || READS.has(context.action)) return next();
    const given = (context.params as { documentId?: string }).documentId;
    // A creation too, in its own transaction when there is none: the slug rule (src/documents/slugs.ts), outside this
    // middleware, runs a creation whose slug another writer took meanwhile again as a new call.
    return strapi.db.transaction(async ({ trx }) => {
      const result = await next();
      const documentId = given ?? (result as { documentId?: string } | null)?.documentId;
      if (documentId) await syncSearchDocument(strapi, trx, documentId);
      return result;
    });
  };
