/**
 * Document Service middleware: every write of an article, teaser or section (admin panel, REST, GraphQL, the
 * scheduler, the seed, scripts) records a version in the write's transaction — no version without its change,
 * no change without its version. The version holds the document's editable content after the change (before it,
 * for a deletion), the action, who and when.
 *
 *   create → create (and publish, when created published); update → update, or schedule when it sets another
 *   `scheduledAt`, or restore inside a restore (and publish, when saved published); publish, unpublish,
 *   discardDraft → discard, delete. A save that changes nothing records nothing.
 */
import { isDeepStrictEqual } from 'util';
import type { Core, Modules } from '@strapi/strapi';
import { writeParams, type WriteParams } from '../documents/write-params';
import { currentActor, overriddenAction } from './actor';
import { documentState, isHistoryUid, type DocumentState, type HistoryUid } from './snapshot';
import { latestVersion, writeVersion, type HistoryAction } from './versions';

const WRITES = new Set(['create', 'clone', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

// Key order aside: PostgreSQL's jsonb gives keys back in its own order.
const sameContent = (a: unknown, b: unknown) => isDeepStrictEqual(a, b);

function instant(value: unknown): number | null {
  if (value == null || value === '') return null;
  const time = new Date(value as string).getTime();
  return Number.isNaN(time) ? null : time;
}

/** The actions one call records, in order. */
function actionsOf(action: string, params: WriteParams, draftAndPublish: boolean, scheduling: boolean): HistoryAction[] {
  const published = draftAndPublish && params.status === 'published';
  switch (action) {
    case 'create':
      return published ? ['create', 'publish'] : ['create'];
    case 'clone':
      return ['create'];
    case 'update': {
      const kind: HistoryAction = overriddenAction() ?? (scheduling ? 'schedule' : 'update');
      return published ? [kind, 'publish'] : [kind];
    }
    case 'publish':
      return ['publish'];
    case 'unpublish':
      return ['unpublish'];
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
    await writeVersion(strapi, uid, documentId, action, state, actor, at);
  }
}

export const historyMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    const uid = context.uid;
    if (!isHistoryUid(uid) || !WRITES.has(context.action)) return next();
    const params = writeParams(context);
    const draftAndPublish = Boolean(context.contentType?.options?.draftAndPublish);
    const idOf = (result: unknown) => params.documentId ?? (result as { documentId?: unknown } | null)?.documentId;

    // A creation outside a caller's transaction records its version in a transaction of its own right after it: the
    // slug rule retries a creation whose slug another writer took meanwhile (src/documents/slugs.ts), which a
    // transaction around it would prevent. A process that dies in between leaves that creation without its version.
    if ((context.action === 'create' || context.action === 'clone') && !strapi.db.inTransaction()) {
      const result = await next();
      const documentId = (result as { documentId?: unknown } | null)?.documentId;
      if (typeof documentId === 'string') {
        await strapi.db.transaction(async () => {
          const state = await documentState(strapi, uid, documentId);
          if (state) await record(strapi, uid, documentId, actionsOf(context.action, params, draftAndPublish, false), state);
        });
      }
      return result;
    }

    return strapi.db.transaction(async () => {
      const before = context.action === 'delete' && params.documentId ? await documentState(strapi, uid, params.documentId) : null;
      let scheduling = false;
      if (context.action === 'update' && params.documentId && params.data && 'scheduledAt' in params.data) {
        const wanted = instant(params.data.scheduledAt);
        if (wanted !== null) {
          const draft = (await strapi.db.query(uid).findOne({ select: ['scheduledAt'], where: { documentId: params.documentId, publishedAt: null } })) as {
            scheduledAt?: unknown;
          } | null;
          scheduling = instant(draft?.scheduledAt) !== wanted;
        }
      }
      const result = await next();
      const documentId = idOf(result);
      if (typeof documentId !== 'string') return result;
      const state = context.action === 'delete' ? before : await documentState(strapi, uid, documentId);
      if (state) await record(strapi, uid, documentId, actionsOf(context.action, params, draftAndPublish, scheduling), state);
      return result;
    });
  };
