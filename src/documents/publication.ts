import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { fieldError } from './errors';
import { relationChange } from './relation-input';
import { writeParams, type WriteParams } from './write-params';
import { callLocaleWhere } from '../locales';

/** To-one relations a document must have before it can be published, with the message an editor sees. */
const REQUIRED_TO_PUBLISH: Record<string, { field: string; message: string }> = {
  'api::article.article': { field: 'section', message: 'An article needs a section before it can be published' },
  'api::teaser.teaser': { field: 'article', message: 'A teaser needs the article it promotes' },
};

/**
 * Text that must hold more than white space (Strapi's `required` lets `''` through): a section's name
 * always, an article's title whenever the article is published. A draft may still be untitled.
 */
const NON_BLANK: Record<string, { field: string; always: boolean; message: string }> = {
  'api::article.article': { field: 'title', always: false, message: 'An article needs a title before it can be published' },
  'api::section.section': { field: 'name', always: true, message: 'A section needs a name' },
};

const isBlankText = (value: unknown) => typeof value === 'string' && value.trim() === '';

async function draftText(strapi: Core.Strapi, uid: string, documentId: string, locale: unknown, field: string): Promise<unknown> {
  const draft = await strapi.db.query(uid).findOne({ select: [field], where: { documentId, publishedAt: null, ...(await callLocaleWhere(strapi, locale)) } });
  return draft?.[field];
}

/** Throws when a create, update or publish would leave a required text blank where it must not be. */
async function checkNonBlank(strapi: Core.Strapi, uid: string, action: string, params: WriteParams) {
  const rule = NON_BLANK[uid];
  if (!rule) return;
  const publishing = action === 'publish' || params.status === 'published';
  if (!rule.always && !publishing) return;
  const given = params.data?.[rule.field];
  if (action !== 'publish' && given !== undefined) {
    if (given === null ? publishing : isBlankText(given)) throw fieldError(rule.field, rule.message);
    return;
  }
  // Not in this call's data: a publish takes the draft's value.
  if (publishing && action !== 'create' && params.documentId) {
    const current = await draftText(strapi, uid, params.documentId, params.locale, rule.field);
    if (current === null || current === undefined || isBlankText(current)) throw fieldError(rule.field, rule.message);
  }
}

/** Whether the draft of the call's locale has `field` set (a publish of `*` needs it in every locale's draft). */
async function draftHas(strapi: Core.Strapi, uid: string, documentId: string, locale: unknown, field: string): Promise<boolean> {
  const drafts = await strapi.db.query(uid).findMany({
    where: { documentId, publishedAt: null, ...(await callLocaleWhere(strapi, locale)) },
    populate: { [field]: { select: ['id'] } },
  });
  return drafts.length > 0 && drafts.every((draft: Record<string, unknown>) => Boolean(draft[field]));
}

async function stampPublicationDate(strapi: Core.Strapi, documentId: string, locale: unknown) {
  await strapi.db.query('api::article.article').updateMany({
    where: { documentId, publishedAt: null, publicationDate: null, ...(await callLocaleWhere(strapi, locale)) },
    data: { publicationDate: new Date() },
  });
}

/**
 * Document Service middleware for the publishing rules:
 * - an article is published only when it has a section and a title that is not blank; a teaser
 *   always needs its article; a section's name is never blank;
 * - an article's `publicationDate` (first publication, used for "newest first") is stamped on its
 *   first publish and kept across later publishes, unless an editor set it;
 * - deleting only the draft version is refused with a 400 (Strapi would answer 500).
 */
export const publicationMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    const params = writeParams(context);
    // Strapi throws a plain Error (a 500) for this; over REST it is `DELETE /api/articles/:id?status=draft`.
    if (context.action === 'delete' && params.status === 'draft' && strapi.getModel(context.uid)?.options?.draftAndPublish) {
      throw new errors.ValidationError(
        'A draft cannot be deleted on its own: delete the whole document (without status=draft), or discard the draft in the admin panel',
      );
    }
    if (context.action === 'create' || context.action === 'update' || context.action === 'publish') {
      await checkNonBlank(strapi, context.uid, context.action, params);
    }
    const rule = REQUIRED_TO_PUBLISH[context.uid];
    if (!rule) return next();
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
        const willHave = change === 'set' || (change === 'untouched' && (await draftHas(strapi, context.uid, params.documentId, params.locale, rule.field)));
        if (!willHave) throw fieldError(rule.field, rule.message);
      }
      if (isArticle && params.status === 'published' && params.documentId && !data.publicationDate) {
        const draft = await strapi.db.query('api::article.article').findOne({
          select: ['publicationDate'],
          where: { documentId: params.documentId, publishedAt: null, ...(await callLocaleWhere(strapi, params.locale)) },
        });
        if (data.publicationDate === null || !draft?.publicationDate) data.publicationDate = new Date();
      }
      return next();
    }

    if (context.action === 'publish' && params.documentId) {
      if (!(await draftHas(strapi, context.uid, params.documentId, params.locale, rule.field))) throw fieldError(rule.field, rule.message);
      if (isArticle) await stampPublicationDate(strapi, params.documentId, params.locale);
    }
    return next();
  };

/**
 * Gives every published article row without a `publicationDate` (written around the Document Service: a
 * bulk import, an older version) its `publishedAt`, and the draft of the same document the same value, so
 * that "newest first" in feeds and sitemaps (which walk the publication-date index) lists every published
 * article. Rows that have one are never written. Returns the rows changed.
 */
export async function backfillPublicationDate(strapi: Core.Strapi, knex: Core.Strapi['db']['connection'] = strapi.db.connection): Promise<number> {
  const meta = strapi.db.metadata.get('api::article.article');
  const column = (attribute: string) => {
    const definition = meta.attributes[attribute];
    const name = definition && 'columnName' in definition ? definition.columnName : undefined;
    if (!name) throw new Error(`publicationDate backfill: no column for article.${attribute}`);
    return name;
  };
  const [documentId, publishedAt, publicationDate] = ['documentId', 'publishedAt', 'publicationDate'].map(column) as [string, string, string];
  const table = meta.tableName;
  const firstPublished = knex
    .min(`shown.${publishedAt}`)
    .from(`${table} as shown`)
    .whereRaw('?? = ??', [`shown.${documentId}`, `${table}.${documentId}`])
    .whereNotNull(`shown.${publishedAt}`);
  const changed = await knex(table)
    .update({ [publicationDate]: firstPublished })
    .whereNull(publicationDate)
    .whereExists(
      knex
        .select(knex.raw('1'))
        .from(`${table} as any_shown`)
        .whereRaw('?? = ??', [`any_shown.${documentId}`, `${table}.${documentId}`])
        .whereNotNull(`any_shown.${publishedAt}`),
    );
  return typeof changed === 'number' ? changed : 0;
}
