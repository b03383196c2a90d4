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
    // A creation outside a caller's transaction is indexed in a transaction of its own right after it: the slug rule
    // (src/documents/slugs.ts) retries a creation whose slug another writer took meanwhile, which a transaction
    // around it would prevent (tests/integration/concurrency.test.ts). A process that dies in between leaves the
    // new document out of the index until the next start repairs it.
    if (context.action === 'create' && !strapi.db.inTransaction()) {
      const result = await next();
      const documentId = (result as { documentId?: string } | null)?.documentId;
      if (documentId) await strapi.db.transaction(({ trx }) => syncSearchDocument(strapi, trx, documentId));
      return result;
    }
    return strapi.db.transaction(async ({ trx }) => {
      const result = await next();
      const documentId = given ?? (result as { documentId?: string } | null)?.documentId;
      if (documentId) await syncSearchDocument(strapi, trx, documentId);
      return result;
    });
  };
