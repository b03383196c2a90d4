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
 */
import { isDeepStrictEqual } from 'util';
import type { Core, Modules } from '@strapi/strapi';
import { writeParams, type WriteParams } from '../documents/write-params';
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

/** What is read before the write: whether readers saw it, its schedule, and the documents on the other side of its inverse relations. */
interface Before {
  published: boolean;
  scheduledAt: number | null;
  /** For a deletion: the document as it was. */
  state: DocumentState | null;
  related: Set<string>;
}

/** The documents linked through the inverse relations `fields`, by `<target uid> <documentId>`. */
async function linkedThrough(
  strapi: Core.Strapi,
  uid: HistoryUid,
  documentId: string,
  fields: Array<{ name: string; target: HistoryUid }>,
): Promise<Set<string>> {
  const linked = new Set<string>();
  if (fields.length === 0) return linked;
  const populate = Object.fromEntries(fields.map((field) => [field.name, { select: ['documentId'] }]));
  const rows = (await strapi.db.query(uid).findMany({ select: ['id'], where: { documentId }, populate })) as Array<Record<string, unknown>>;
  for (const row of rows) {
    for (const field of fields) {
      for (const item of (row[field.name] as Array<{ documentId?: unknown }> | undefined) ?? []) {
        if (typeof item.documentId === 'string') linked.add(`${field.target} ${item.documentId}`);
      }
    }
  }
  return linked;
}

/** The inverse relations this call writes: those named in its data, or all of them for a deletion. */
function writtenInverse(strapi: Core.Strapi, uid: HistoryUid, action: string, params: WriteParams) {
  const inverse = inverseRelations(strapi, uid);
  if (action === 'delete') return inverse;
  return inverse.filter((field) => params.data !== undefined && field.name in params.data);
}

async function readBefore(strapi: Core.Strapi, uid: HistoryUid, documentId: string, action: string, params: WriteParams): Promise<Before> {
  const schedulable = 'scheduledAt' in strapi.getModel(uid).attributes;
  const rows = (await strapi.db.query(uid).findMany({
    select: ['publishedAt', ...(schedulable ? ['scheduledAt'] : [])],
    where: { documentId },
  })) as Array<{ publishedAt?: unknown; scheduledAt?: unknown }>;
  const draft = rows.find((row) => row.publishedAt == null);
  const inverse = writtenInverse(strapi, uid, action, params);
  return {
    published: rows.some((row) => row.publishedAt != null),
    scheduledAt: instant(draft?.scheduledAt),
    state: action === 'delete' ? await documentState(strapi, uid, documentId) : null,
    related: await linkedThrough(strapi, uid, documentId, inverse),
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
      const last = await latestVersion(strapi, uid, documentId);
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
    const [target, documentId] = key.split(' ') as [HistoryUid, string];
    const state = await documentState(strapi, target, documentId);
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
      const before = given ? await readBefore(strapi, uid, given, context.action, params) : null;
      const result = await next();
      const found = (result as { documentId?: unknown } | null)?.documentId;
      const documentId = given ?? (typeof found === 'string' ? found : undefined);
      if (!documentId) return result;
      const state = context.action === 'delete' ? (before?.state ?? null) : await documentState(strapi, uid, documentId);
      if (state) await record(strapi, uid, documentId, actionsOf(context.action, params, draftAndPublish, before, state), state);
      const inverse = writtenInverse(strapi, uid, context.action, params);
      if (inverse.length > 0) {
        const after = context.action === 'delete' ? new Set<string>() : await linkedThrough(strapi, uid, documentId, inverse);
        await recordRelated(strapi, before?.related ?? new Set(), after);
      }
      return result;
    });
  };
