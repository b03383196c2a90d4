import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { uniqueViolation } from '../database/integrity-indexes';
import { serialized } from './queue';

/** Actions that add or remove a version (draft or published row) of a document. */
const VERSION_ACTIONS = new Set(['publish', 'unpublish', 'discardDraft', 'delete']);

type Params = { documentId?: string; status?: string };

/** True when the action rewrites the versions of an existing Draft & Publish document. */
export function changesVersions(action: string, params: Params, draftAndPublish: boolean): boolean {
  if (!draftAndPublish || !params.documentId) return false;
  return VERSION_ACTIONS.has(action) || (action === 'update' && params.status === 'published');
}

/** A publication that lost a race it could not be serialized out of: a 400 in Strapi's format, never a 500. */
export class PublicationConflictError extends errors.ApplicationError {
  constructor(message: string) {
    super(message);
    (this as { name: string }).name = 'ConflictError';
  }
}

/**
 * Document Service middleware: publications of one document happen one at a time.
 *
 * Strapi's publish reads the document's published row, deletes it and inserts a new one; unpublish reads
 * and deletes. Two of them at once on PostgreSQL (READ COMMITTED, several pool connections or several
 * instances) both read the same old row and both insert: two published rows. Here each such action runs
 * in one transaction that first locks the document's draft row (`SELECT … FOR UPDATE`), so the next one
 * waits and then sees what the first committed; every action takes the draft row first (an update locks
 * it too), so they cannot deadlock. Within a process the actions of one document are also queued, so that
 * waiting ones do not hold pool connections. SQLite has one writer at a time: the queue is enough there.
 * Inside a caller's transaction (the content manager's publish, the scheduler) the queue is skipped: that
 * transaction may already hold the row, and only the database lock can see that.
 *
 * The unique indexes of src/database/integrity-indexes.ts are the last guard: a race that gets past this
 * (a writer that bypasses the Document Service) becomes a clean ConflictError.
 */
export const publicationLockMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    const params = context.params as Params;
    const draftAndPublish = Boolean(context.contentType?.options?.draftAndPublish);
    if (!changesVersions(context.action, params, draftAndPublish)) return next();
    const documentId = params.documentId!;
    const table = strapi.getModel(context.uid).collectionName;
    const postgres = strapi.db.dialect.client === 'postgres';

    const run = () =>
      strapi.db.transaction(async ({ trx }) => {
        if (postgres) await trx(table).select('id').where({ document_id: documentId }).whereNull('published_at').forUpdate();
        return next();
      });
    try {
      return strapi.db.inTransaction() ? await run() : await serialized(`${context.uid}:${documentId}`, run);
    } catch (error) {
      if (uniqueViolation(error)?.guards === 'versions') {
        throw new PublicationConflictError(
          `Another change to this ${strapi.getModel(context.uid).info.singularName} (${documentId}) was saved at the same moment: reload it and try again`,
        );
      }
      throw error;
    }
  };
