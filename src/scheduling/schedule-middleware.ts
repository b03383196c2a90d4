import type { Core, Modules } from '@strapi/strapi';
import { isSchedulable } from './publish-due';
import { writeParams } from '../documents/write-params';
import { callLocaleWhere } from '../locales';

/**
 * Document Service middleware: a publication by hand ends a schedule. Publishing an article or teaser
 * (publish, or create/update with `status: 'published'`) clears `scheduledAt` on its draft and on the
 * published version, so that the scheduler never publishes that draft again later on its own; in the
 * locale published only (each locale has its own schedule).
 */
export const scheduleMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (!isSchedulable(context.uid)) return next();
    const params = writeParams(context);

    if ((context.action === 'create' || context.action === 'update') && params.status === 'published' && params.data) {
      params.data.scheduledAt = null;
      return next();
    }

    if (context.action === 'publish' && params.documentId) {
      const result = await next();
      await strapi.db.query(context.uid).updateMany({
        // Only the locale published: another locale's schedule stands.
        where: { documentId: params.documentId, scheduledAt: { $notNull: true }, ...(await callLocaleWhere(strapi, params.locale)) },
        data: { scheduledAt: null },
      });
      return result;
    }

    return next();
  };
