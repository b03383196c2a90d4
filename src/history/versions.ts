/**
 * Writing versions. Each recorded change is one row of `newsroom_history_versions` (the content type
 * api::history.version, hidden from the Content Manager): the document's content after the change, the action,
 * the author and the time. Written with the database layer inside the change's transaction.
 */
import type { Core } from '@strapi/strapi';
import { currentActor, type Actor } from './actor';
import { documentState, type DocumentState, type HistoryUid } from './snapshot';

export const VERSION = 'api::history.version';
export const CORRECTION = 'api::history.correction';

export const ACTIONS = ['create', 'update', 'publish', 'unpublish', 'discard', 'delete', 'schedule', 'unschedule', 'restore', 'correct'] as const;
export type HistoryAction = (typeof ACTIONS)[number];
/** What the audit trail lists unless asked for other actions: changes of what readers see, and restores. */
export const AUDIT_ACTIONS: readonly HistoryAction[] = ['publish', 'unpublish', 'schedule', 'unschedule', 'delete', 'restore', 'correct'];

export interface VersionRow {
  id: number;
  subjectUid: string;
  subjectDocumentId: string;
  /** The locale of the document's rows the change was made in (null only for versions from before locales). */
  locale: string | null;
  action: HistoryAction;
  authorKind: Actor['kind'];
  authorId: number | null;
  authorName: string | null;
  title: string | null;
  published: boolean;
  content: Record<string, unknown> | null;
  createdAt: string | Date;
}

/** Records one version of one locale of a document (`state.locale`) whose state was read in the same transaction. */
export async function writeVersion(
  strapi: Core.Strapi,
  uid: HistoryUid,
  documentId: string,
  action: HistoryAction,
  state: DocumentState,
  actor: Actor = currentActor(strapi),
  at: Date = new Date(),
): Promise<number> {
  const row = (await strapi.db.query(VERSION).create({
    data: {
      subjectUid: uid,
      subjectDocumentId: documentId,
      locale: state.locale,
      action,
      authorKind: actor.kind,
      authorId: actor.id,
      authorName: actor.name.slice(0, 255),
      title: state.title,
      published: state.published,
      // The audit trail's default list reads this (src/history/indexes.ts).
      audited: AUDIT_ACTIONS.includes(action),
      content: state.content,
      createdAt: at,
      updatedAt: at,
    },
  })) as { id: number };
  return row.id;
}

/** The latest version of one locale of a document, or null. */
export async function latestVersion(strapi: Core.Strapi, uid: string, documentId: string, locale: string): Promise<VersionRow | null> {
  return (await strapi.db
    .query(VERSION)
    .findOne({ where: { subjectUid: uid, subjectDocumentId: documentId, locale }, orderBy: { id: 'desc' } })) as VersionRow | null;
}

/** Records one locale of a document as it stands now (an append-only event such as a correction); null when it does not exist. */
export async function recordCurrent(strapi: Core.Strapi, uid: HistoryUid, documentId: string, locale: string, action: HistoryAction): Promise<number | null> {
  const state = await documentState(strapi, uid, documentId, locale);
  return state ? writeVersion(strapi, uid, documentId, action, state) : null;
}
