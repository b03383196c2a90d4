import { AsyncLocalStorage } from 'async_hooks';
import type { Core, Modules, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { firstFreeSlug, isValidSlug, SLUG_MAX_LENGTH, slugFrom } from '../newsroom/slug';
import { uniqueViolation } from '../database/integrity-indexes';
import { fieldError } from './errors';
import { serialized } from './queue';
import { writeParams } from './write-params';
import { withMethods } from '../internals/shapes';
import { isLocalizedType, strapiDefaultLocale } from '../locales';

/** Content types with a slug, and the field each slug is made from. */
export const SLUG_SOURCES: Partial<Record<UID.ContentType, string>> = {
  'api::article.article': 'title',
  'api::section.section': 'name',
};

type Data = Record<string, unknown>;
/** A middleware's `next`: the call it wraps. */
type Next = Parameters<Modules.Documents.Middleware.Middleware>[1];

/** Attempts at a generated slug; another instance may take the free slug between our look-up and our insert. */
export const SLUG_ATTEMPTS = 5;
const attempt = new AsyncLocalStorage<number>();

/** A copy of the call's parameters before anything changes them, to run the call again from the start. */
function pristine<T>(params: T): T {
  try {
    return structuredClone(params);
  } catch {
    const { data, ...rest } = params as { data?: Data };
    return { ...rest, ...(data ? { data: { ...data } } : {}) } as T;
  }
}

/**
 * The create or update call of `context` again from its first parameters, through every middleware.
 * One branch per content type and action: only then do Strapi's types tie the parameters to the service.
 * The parameters are copied now, before the first attempt changes them.
 */
function repeatable(strapi: Core.Strapi, context: Modules.Documents.Middleware.Context): Next {
  if (context.uid === 'api::article.article' && context.action === 'create') {
    const params = pristine(context.params);
    return () => strapi.documents('api::article.article').create(params);
  }
  if (context.uid === 'api::article.article' && context.action === 'update') {
    const params = pristine(context.params);
    return () => strapi.documents('api::article.article').update(params);
  }
  if (context.uid === 'api::section.section' && context.action === 'create') {
    const params = pristine(context.params);
    return () => strapi.documents('api::section.section').create(params);
  }
  if (context.uid === 'api::section.section' && context.action === 'update') {
    const params = pristine(context.params);
    return () => strapi.documents('api::section.section').update(params);
  }
  // A slugged type without a branch here still saves; only its rare retry after a lost race is refused.
  return (): Promise<never> => Promise.reject(new errors.ApplicationError('No free slug could be saved: others were saved at the same moment. Try again.'));
}

/**
 * The locale a slug of `uid` lives in: the call's locale, else Strapi's default (where the Document Service
 * puts a write without one); null for a type that is not localised (its slugs are unique across the type).
 */
export async function slugLocale(strapi: Core.Strapi, uid: UID.ContentType, locale: unknown): Promise<string | null> {
  if (!isLocalizedType(strapi, uid)) return null;
  if (typeof locale === 'string' && locale !== '' && locale !== '*') return locale;
  return strapiDefaultLocale(strapi);
}

/** Slugs are unique within a locale: the same slug may name an English and a German document. */
const inLocale = (locale: string | null) => (locale ? { locale } : {});

async function takenSlugs(strapi: Core.Strapi, uid: UID.ContentType, base: string, locale: string | null, exceptDocumentId?: string) {
  const rows: Array<{ slug: string | null }> = await strapi.db.query(uid).findMany({
    select: ['slug'],
    where: {
      $or: [{ slug: base }, { slug: { $startsWith: `${base}-` } }],
      ...inLocale(locale),
      ...(exceptDocumentId ? { documentId: { $ne: exceptDocumentId } } : {}),
    },
  });
  return new Set(rows.map((row) => row.slug).filter((slug): slug is string => Boolean(slug)));
}

/** A free slug in `locale` for `source` text (title or name), transliterated as `locale` does, with `-2`, `-3`, … on a clash. */
export async function generateSlug(strapi: Core.Strapi, uid: UID.ContentType, source: string, locale: string | null, exceptDocumentId?: string) {
  const fallback = strapi.getModel(uid).info.singularName;
  const base = slugFrom(source, fallback, locale);
  return firstFreeSlug(base, await takenSlugs(strapi, uid, base, locale, exceptDocumentId));
}

async function assertUsable(strapi: Core.Strapi, uid: UID.ContentType, slug: unknown, locale: string | null, exceptDocumentId?: string) {
  if (!isValidSlug(slug)) {
    throw fieldError(
      'slug',
      `slug must be lower-case letters and digits joined by single hyphens, at most ${SLUG_MAX_LENGTH} characters (got ${JSON.stringify(slug)})`,
    );
  }
  const clash = await strapi.db.query(uid).findOne({
    select: ['documentId'],
    where: { slug, ...inLocale(locale), ...(exceptDocumentId ? { documentId: { $ne: exceptDocumentId } } : {}) },
  });
  if (clash)
    throw fieldError('slug', `slug "${slug}" is already used by another ${strapi.getModel(uid).info.singularName}${locale ? ` in locale ${locale}` : ''}`);
}

/** Whether an update of `documentId` in `locale` creates that locale's first version (Strapi's update does that). */
async function isNewLocaleVersion(strapi: Core.Strapi, uid: UID.ContentType, documentId: string | undefined, locale: string | null) {
  if (!documentId || !locale) return false;
  const rows = strapi.db.query(uid);
  const [inLocaleRow, anyRow] = await Promise.all([
    rows.findOne({ select: ['id'], where: { documentId, locale } }),
    rows.findOne({ select: ['id'], where: { documentId } }),
  ]);
  return !inLocaleRow && Boolean(anyRow);
}

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Document Service middleware: every article and section gets a slug, whichever path created it
 * (admin panel, REST, GraphQL, scripts, seed). A slug never follows later title edits on its own.
 */
export const slugMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    const sourceField = SLUG_SOURCES[context.uid];
    if (!sourceField || (context.action !== 'create' && context.action !== 'update')) return next();

    const params = writeParams(context);
    const data = params.data;
    if (!data) return next();
    const documentId = context.action === 'update' ? params.documentId : undefined;
    const locale = await slugLocale(strapi, context.uid, params.locale);

    // An update without a slug keeps the stored one; an update that creates a locale's first version (a
    // translation) has none stored yet, so it gets one made from its own title.
    if (context.action === 'update' && data.slug === undefined && !(await isNewLocaleVersion(strapi, context.uid, documentId, locale))) return next();

    const generated = isBlank(data.slug);
    const callAgain = repeatable(strapi, context);
    // One queue per content type: two creations in this process never pick the same free slug.
    const work = () =>
      serialized(context.uid, async () => {
        if (generated) {
          let source = data[sourceField];
          if (isBlank(source) && documentId) {
            // The title of this locale's version, else (a translation being created) of any version.
            const current =
              (await strapi.db.query(context.uid).findOne({ select: [sourceField], where: { documentId, ...inLocale(locale) } })) ??
              (await strapi.db.query(context.uid).findOne({ select: [sourceField], where: { documentId } }));
            source = current?.[sourceField];
          }
          data.slug = await generateSlug(strapi, context.uid, typeof source === 'string' ? source : '', locale, documentId);
        } else {
          await assertUsable(strapi, context.uid, data.slug, locale, documentId);
        }
        return next();
      });

    try {
      return await work();
    } catch (error) {
      // Across instances the database decides (src/database/integrity-indexes.ts): the insert or update
      // that comes second hits the unique index on the slug.
      if (uniqueViolation(error)?.guards !== 'slug') throw error;
      const name = strapi.getModel(context.uid).info.singularName;
      if (!generated) throw fieldError('slug', `slug "${String(data.slug)}" is already used by another ${name}${locale ? ` in locale ${locale}` : ''}`);
      const tries = attempt.getStore() ?? 1;
      // Inside a caller's transaction the failed statement has spoilt it (PostgreSQL): only the caller can retry.
      if (tries >= SLUG_ATTEMPTS || strapi.db.inTransaction()) {
        throw new errors.ApplicationError(`No free slug could be saved for this ${name}: others were saved at the same moment. Try again.`);
      }
      // The whole call again, through every middleware: the slug is looked up afresh and now sees the winner's.
      return attempt.run(tries + 1, callAgain);
    }
  };

interface AdminUidService {
  generateUIDField(args: { contentTypeUID: string; field: string; data: Data; locale?: string }): Promise<string>;
  findUniqueUID(args: { contentTypeUID: string; field: string; value: string; locale?: string }): Promise<string>;
}

/**
 * The admin panel fills the slug field through the content manager's UID service, which has its
 * own slugifier and a `-1` suffix. Route it through the newsroom rule so that every path agrees.
 */
export function useNewsroomSlugsInAdmin(strapi: Core.Strapi) {
  const service = withMethods<AdminUidService>(
    strapi.plugin('content-manager').service('uid'),
    ['generateUIDField', 'findUniqueUID'],
    "the content manager's uid service",
  );
  const generate = service.generateUIDField.bind(service);
  const findUnique = service.findUniqueUID.bind(service);
  const ours = (uid: string, field: string): uid is UID.ContentType => field === 'slug' && Boolean(SLUG_SOURCES[uid as UID.ContentType]);

  service.generateUIDField = async (args) => {
    if (!ours(args.contentTypeUID, args.field)) return generate(args);
    const source = args.data?.[SLUG_SOURCES[args.contentTypeUID]!];
    const documentId = typeof args.data?.documentId === 'string' ? args.data.documentId : undefined;
    const locale = await slugLocale(strapi, args.contentTypeUID, args.locale);
    return generateSlug(strapi, args.contentTypeUID, typeof source === 'string' ? source : '', locale, documentId);
  };
  service.findUniqueUID = async (args) => {
    if (!ours(args.contentTypeUID, args.field)) return findUnique(args);
    const locale = await slugLocale(strapi, args.contentTypeUID, args.locale);
    const base = slugFrom(args.value, strapi.getModel(args.contentTypeUID).info.singularName, locale);
    return firstFreeSlug(base, await takenSlugs(strapi, args.contentTypeUID, base, locale));
  };
}
