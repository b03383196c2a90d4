/**
 * Public corrections: a note appended to a published article, with its time. Never edited or removed by the product;
 * readers get them on the article page (`corrections`, oldest first), and the article's "Last update" moves to the
 * latest correction unless an editor set `lastUpdatedAt` (src/newsroom/last-update.ts, `correctedAt`).
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { queuePurge } from '../cache/changes';
import { documentTag, typeTag } from '../cache/tags';
import { syncReaderLastUpdate } from '../documents/sync-reader-last-update';
import { ARTICLE } from '../visibility/definition';
import { currentActor } from './actor';
import { documentState } from './snapshot';
import { CORRECTION, writeVersion } from './versions';

export const MAX_CORRECTION_LENGTH = 2000;

export interface Correction {
  id: number;
  /** ISO instant the correction was made. */
  at: string;
  text: string;
}

const refuse = (path: string, message: string): never => {
  throw new errors.ValidationError(message, { source: 'body', param: path, key: path, path });
};

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/; // eslint-disable-line no-control-regex -- refuses control characters

/** The correction's text: trimmed, 1 to 2,000 characters, line breaks allowed, no other control characters. */
export function correctionText(raw: unknown): string {
  if (typeof raw !== 'string') return refuse('text', 'text: required, a string');
  const value = raw.trim().normalize('NFC');
  if (value === '') return refuse('text', 'text: must not be empty');
  if ([...value].length > MAX_CORRECTION_LENGTH) return refuse('text', `text: at most ${MAX_CORRECTION_LENGTH} characters`);
  if (CONTROL.test(value)) return refuse('text', 'text: control characters are not allowed');
  return value;
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString());

/**
 * `POST /newsroom-history/corrections` with `{ uid, documentId, text }`: appends a correction to a published article,
 * in one transaction with its audit version (`correct`), the article's `correctedAt` and the purge of its pages.
 */
export async function appendCorrection(strapi: Core.Strapi, body: unknown): Promise<Correction> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse('body', 'body: must be an object { uid, documentId, text }');
  const { uid, documentId, text: rawText, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) refuse(extra, `${extra}: unknown field; allowed: uid, documentId, text`);
  if (uid !== ARTICLE) refuse('uid', `uid: corrections are appended to articles (${ARTICLE})`);
  if (typeof documentId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(documentId)) refuse('documentId', 'documentId: required, the article document id');
  const text = correctionText(rawText);
  const id = documentId as string;
  return strapi.db.transaction(async (transaction) => {
    const published = await strapi.db.query(ARTICLE).findOne({ select: ['id'], where: { documentId: id, publishedAt: { $notNull: true } } });
    if (!published) {
      throw new errors.ApplicationError('Only a published article can carry a correction: publish it first, or change the draft');
    }
    const actor = currentActor(strapi);
    const at = new Date();
    const row = (await strapi.db.query(CORRECTION).create({
      data: {
        subjectUid: ARTICLE,
        subjectDocumentId: id,
        text,
        authorKind: actor.kind,
        authorId: actor.id,
        authorName: actor.name.slice(0, 255),
        createdAt: at,
        updatedAt: at,
      },
    })) as { id: number };
    // Both rows carry it, so that the next publication of the draft keeps it (updateMany leaves updatedAt alone).
    await strapi.db.query(ARTICLE).updateMany({ where: { documentId: id }, data: { correctedAt: at } });
    await syncReaderLastUpdate(strapi, id);
    const state = await documentState(strapi, ARTICLE, id);
    if (state) await writeVersion(strapi, ARTICLE, id, 'correct', { ...state, content: { ...state.content, correction: text } }, actor, at);
    await queuePurge(strapi, transaction, [documentTag(ARTICLE, id), typeTag(ARTICLE)]);
    return { id: row.id, at: at.toISOString(), text };
  });
}

/** The corrections of some articles, oldest first, by documentId. */
export async function correctionsOf(strapi: Core.Strapi, documentIds: readonly string[]): Promise<Map<string, Correction[]>> {
  const byDocument = new Map<string, Correction[]>();
  if (documentIds.length === 0) return byDocument;
  const rows = (await strapi.db.query(CORRECTION).findMany({
    select: ['id', 'subjectDocumentId', 'text', 'createdAt'],
    where: { subjectUid: ARTICLE, subjectDocumentId: { $in: [...documentIds] } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })) as Array<{ id: number; subjectDocumentId: string; text: string; createdAt: unknown }>;
  for (const row of rows) {
    const list = byDocument.get(row.subjectDocumentId) ?? [];
    list.push({ id: row.id, at: iso(row.createdAt), text: row.text });
    byDocument.set(row.subjectDocumentId, list);
  }
  return byDocument;
}
