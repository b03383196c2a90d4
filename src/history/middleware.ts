/**
 * Document Service middleware: every write of an article, teaser or section (admin panel, REST, GraphQL, the
 * scheduler, the seed, scripts) records a version in the write's transaction — no version without its change,
 * no change without its version. The version holds the document's editable content after the change (before it,
 * for a deletion), the action, who and when.
 *
 *   create → create (and schedule when created with a `scheduledAt`, publish when created published); update →
 *   update, or schedule / unschedule when it sets or clears `scheduledAt`, or restore inside a restore (and publish,
 *   when saved published); publish, unpublish (of a published document), discardDraft → discard, delete; clone →
 *   create of the new document. A save that changes nothing records nothing.
 *
 * A write through the other side of a relation (a section's `articles`, an article's `teasers`, a section's
 * `children`), and a deletion that unlinks documents, changes the documents on the owning side too: each of them
 * gets an `update` version in the same transaction.
 *
 * Every version is of one locale: the one the call names (Strapi's default locale when it names none; a call on `*`
 * — publish, unpublish, discard or delete of every locale — records one version per locale of the document). What is
 * read before and after, the no-change check and the linked documents are all of that locale only: a German save
 * records German content and leaves the English history as it was. An `update` that adds a locale to an existing
 * document records `create` for that locale.
 */
import { isDeepStrictEqual } from 'util';
import type { Core, Modules } from '@strapi/strapi';
import { writeParams, type WriteParams } from '../documents/write-params';
import { callLocaleWhere } from '../locales';
import { currentActor, noteRestoredVersion, overriddenAction } from './actor';
import { documentState, inverseRelations, isHistoryUid, type Content, type DocumentState, type HistoryUid } from './snapshot';
import { latestVersion, writeVersion, type HistoryAction } from './versions';

const WRITES = new Set(['create', 'clone', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

/** What a version's content is compared by: the fields only (a correction's version also carries its text). */
const fieldsOf = (content: Content | null) => {
  const { correction: _text, ...fields } = content ?? {};
  return fields;
};
// Key order aside: PostgreSQL's jsonb gives keys back in its own order.
const sameContent = (a: Content | null, b: Content | null) => isDeepStrictEqual(fieldsOf(a), fieldsOf(b));

function instant(value: unknown): number | null {
  if (value == null || value === '') return null;
  const time = new Date(value as string).getTime();
  return Number.isNaN(time) ? null : time;
}

/** What is read of one locale before the write: whether it existed, whether readers saw it, its schedule, and the documents on the other side of its inverse relations. */
interface Before {
  exists: boolean;
  published: boolean;
  scheduledAt: number | null;
  /** For a deletion: the document as it was. */
  state: DocumentState | null;
  related: Set<string>;
}

/** The documents linked to one locale's rows through the inverse relations `fields`, by `<target uid> <documentId> <locale>`. */
async function linkedThrough(
  strapi: Core.Strapi,
  uid: HistoryUid,
  documentId: string,
  locale: string,
  fields: Array<{ name: string; target: HistoryUid }>,
): Promise<Set<string>> {
  const linked = new Set<string>();
  if (fields.length === 0) return linked;
  const populate = Object.fromEntries(fields.map((field) => [field.name, { select: ['documentId', 'locale'] }]));
  const rows = (await strapi.db.query(uid).findMany({ select: ['id'], where: { documentId, locale }, populate })) as Array<Record<string, unknown>>;
  for (const row of rows) {
    for (const field of fields) {
      for (const item of (row[field.name] as Array<{ documentId?: unknown; locale?: unknown }> | undefined) ?? []) {
        // Relations link rows of the same locale (Strapi connects a document's row of the writer's locale).
        const itemLocale = typeof item.locale === 'string' ? item.locale : locale;
        if (typeof item.documentId === 'string') linked.add(`${field.target} ${item.documentId} ${itemLocale}`);
      }
    }
  }
  return linked;
}

/** The locales a call works on: the one it names (or Strapi's default), or for `*` every locale the document has. */
async function localesOf(strapi: Core.Strapi, uid: HistoryUid, documentId: string, where: { locale?: string }): Promise<string[]> {
  if (where.locale !== undefined) return [where.locale];
  const rows = (await strapi.db.query(uid).findMany({ select: ['locale'], where: { documentId } })) as Array<{ locale?: unknown }>;
  return [...new Set(rows.map((row) => row.locale).filter((locale): locale is string => typeof locale === 'string'))].sort();
}

/** The inverse relations this call writes: those named in its data, or all of them for a deletion. */
function writtenInverse(strapi: Core.Strapi, uid: HistoryUid, action: string, params: WriteParams) {
  const inverse = inverseRelations(strapi, uid);
  if (action === 'delete') return inverse;
  return inverse.filter((field) => params.data !== undefined && field.name in params.data);
}

async function readBefore(strapi: Core.Strapi, uid: HistoryUid, documentId: string, locale: string, action: string, params: WriteParams): Promise<Before> {
  const schedulable = 'scheduledAt' in strapi.getModel(uid).attributes;
  const rows = (await strapi.db.query(uid).findMany({
    select: ['publishedAt', ...(schedulable ? ['scheduledAt'] : [])],
    where: { documentId, locale },
  })) as Array<{ publishedAt?: unknown; scheduledAt?: unknown }>;
  const draft = rows.find((row) => row.publishedAt == null);
  const inverse = writtenInverse(strapi, uid, action, params);
  return {
    exists: rows.length > 0,
    published: rows.some((row) => row.publishedAt != null),
    scheduledAt: instant(draft?.scheduledAt),
    state: action === 'delete' ? await documentState(strapi, uid, documentId, locale) : null,
    related: await linkedThrough(strapi, uid, documentId, locale, inverse),
  };
}

/** The actions one call records, in order. */
function actionsOf(action: string, params: WriteParams, draftAndPublish: boolean, before: Before | null, after: DocumentState): HistoryAction[] {
  const published = draftAndPublish && params.status === 'published';
  const scheduledBefore = before?.scheduledAt ?? null;
  const scheduledAfter = instant(after.content.scheduledAt);
  // A publication ends a schedule by itself (src/scheduling/schedule-middleware.ts): no schedule change of its own.
  const scheduling: HistoryAction | null = published || scheduledAfter === scheduledBefore ? null : scheduledAfter === null ? 'unschedule' : 'schedule';
  switch (action) {
    case 'create':
      return ['create', ...(scheduling ? [scheduling] : []), ...(published ? (['publish'] as const) : [])];
    case 'clone':
      return ['create'];
    case 'update': {
      // An update in a locale the document did not have yet creates that locale (the Content Manager's "new translation").
      if (before && !before.exists) return actionsOf('create', params, draftAndPublish, before, after);
      const kind: HistoryAction = overriddenAction() ?? scheduling ?? 'update';
      return published ? [kind, 'publish'] : [kind];
    }
    case 'publish':
      return ['publish'];
    case 'unpublish':
      // A bulk unpublish that names a document readers did not see changes nothing of it.
      return before?.published ? ['unpublish'] : [];
    case 'discardDraft':
      return ['discard'];
    default:
      return ['delete'];
  }
}

async function record(strapi: Core.Strapi, uid: HistoryUid, documentId: string, actions: HistoryAction[], state: DocumentState): Promise<void> {
  const actor = currentActor(strapi);
  const at = new Date();
  for (const action of actions) {
    if (action === 'update') {
      // A save without a change (the admin's Save on an untouched form) is not a version.
      const last = await latestVersion(strapi, uid, documentId, state.locale);
      if (last && last.published === state.published && sameContent(last.content, state.content)) continue;
    }
    const id = await writeVersion(strapi, uid, documentId, action, state, actor, at);
    if (action === 'restore') noteRestoredVersion(id);
  }
}

/** Versions of the documents whose owning side a write through an inverse relation changed. */
async function recordRelated(strapi: Core.Strapi, before: Set<string>, after: Set<string>): Promise<void> {
  const changed = [...before].filter((key) => !after.has(key)).concat([...after].filter((key) => !before.has(key)));
  for (const key of changed.sort()) {
    const [target, documentId, locale] = key.split(' ') as [HistoryUid, string, string];
    const state = await documentState(strapi, target, documentId, locale);
    if (state) await record(strapi, target, documentId, ['update'], state);
  }
}

export const historyMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    const uid = context.uid;
    if (!isHistoryUid(uid) || !WRITES.has(context.action)) return next();
    const params = writeParams(context);
    const draftAndPublish = Boolean(context.contentType?.options?.draftAndPublish);
    // For a clone, `documentId` names the source; the version is the new document's.
    const given = context.action === 'clone' ? undefined : params.documentId;

    return strapi.db.transaction(async () => {
      // Nothing is read before a creation: on SQLite a transaction that reads first cannot write after another
      // connection has (a creation is written first, and read back after).
      const locales = given ? await localesOf(strapi, uid, given, await callLocaleWhere(strapi, params.locale)) : [];
      const before = new Map<string, Before>();
      for (const locale of locales) before.set(locale, await readBefore(strapi, uid, given!, locale, context.action, params));
      const result = await next();
      const found = (result as { documentId?: unknown } | null)?.documentId;
      const documentId = given ?? (typeof found === 'string' ? found : undefined);
      if (!documentId) return result;
      // A new document (create, clone): every locale it was created with.
      const written = given ? locales : await localesOf(strapi, uid, documentId, {});
      const inverse = writtenInverse(strapi, uid, context.action, params);
      for (const locale of written) {
        const prior = before.get(locale) ?? null;
        const state = context.action === 'delete' ? (prior?.state ?? null) : await documentState(strapi, uid, documentId, locale);
        if (state) await record(strapi, uid, documentId, actionsOf(context.action, params, draftAndPublish, prior, state), state);
        if (inverse.length > 0) {
          const after = context.action === 'delete' ? new Set<string>() : await linkedThrough(strapi, uid, documentId, locale, inverse);
          await recordRelated(strapi, prior?.related ?? new Set(), after);
        }
      }
      return result;
    });
  };
