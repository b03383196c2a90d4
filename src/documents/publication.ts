import type { Core, Modules } from '@strapi/strapi';
import { fieldError } from './errors';
import { relationChange } from './relation-input';

type Data = Record<string, unknown>;
type Params = { data?: Data; documentId?: string; status?: string };

/** To-one relations a document must have before it can be published, with the message an editor sees. */
const REQUIRED_TO_PUBLISH: Record<string, { field: string; message: string }> = {
  'api::article.article': { field: 'section', message: 'An article needs a section before it can be published' },
  'api::teaser.teaser': { field: 'article', message: 'A teaser needs the article it promotes' },
};

async function draftHas(strapi: Core.Strapi, uid: string, documentId: string, field: string): Promise<boolean> {
  const draft = await strapi.db.query(uid as 'api::article.article').findOne({
    where: { documentId, publishedAt: null },
    populate: { [field]: { select: ['id'] } },
  });
  return Boolean(draft?.[field]);
}

async function stampPublicationDate(strapi: Core.Strapi, documentId: string) {
  await strapi.db.query('api::article.article').updateMany({
    where: { documentId, publishedAt: null, publicationDate: null },
    data: { publicationDate: new Date() },
  });
}

/**
 * Document Service middleware for the publishing rules:
 * - an article is published only when it has a section; a teaser always needs its article;
 * - an article's `publicationDate` (first publication, used for "newest first") is stamped on its
 *   first publish and kept across later publishes, unless an editor set it.
 */
export const publicationMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    const rule = REQUIRED_TO_PUBLISH[context.uid];
    if (!rule) return next();
    const params = context.params as Params;
    const isArticle = context.uid === 'api::article.article';

    if (context.action === 'create') {
      const data = params.data ?? {};
      const publishing = params.status === 'published';
      const linked = relationChange(data[rule.field]) === 'set';
      if (!linked && (publishing || context.uid === 'api::teaser.teaser')) throw fieldError(rule.field, rule.message);
      if (isArticle && publishing && !data.publicationDate) data.publicationDate = new Date();
      return next();
    }

    if (context.action === 'update') {
      const data = params.data ?? {};
      const change = relationChange(data[rule.field]);
      const mustHave = params.status === 'published' || context.uid === 'api::teaser.teaser';
      if (mustHave && params.documentId) {
        const willHave = change === 'set' || (change === 'untouched' && (await draftHas(strapi, context.uid, params.documentId, rule.field)));
        if (!willHave) throw fieldError(rule.field, rule.message);
      }
      if (isArticle && params.status === 'published' && params.documentId && !data.publicationDate) {
        const draft = await strapi.db.query('api::article.article').findOne({
          select: ['publicationDate'],
          where: { documentId: params.documentId, publishedAt: null },
        });
        if (data.publicationDate === null || !draft?.publicationDate) data.publicationDate = new Date();
      }
      return next();
    }

    if (context.action === 'publish' && params.documentId) {
      if (!(await draftHas(strapi, context.uid, params.documentId, rule.field))) throw fieldError(rule.field, rule.message);
      if (isArticle) await stampPublicationDate(strapi, params.documentId);
    }
    return next();
  };
