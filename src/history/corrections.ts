/**
 * Public corrections: a note appended to a published article, with its time. Never edited or removed by the product;
 * readers get them on the article page (`corrections`, oldest first), and the article's "Last update" moves to the
 * latest correction unless an editor set `lastUpdatedAt` (src/newsroom/last-update.ts, `correctedAt`).
 *
 * A correction is language text: it belongs to one locale of the article (the one the editor corrects), shows on that
 * locale's page only and moves that locale's "Last update" only.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { queuePurge } from '../cache/changes';
import { documentTag, typeTag } from '../cache/tags';
import { syncReaderLastUpdate } from '../documents/sync-reader-last-update';
import { defaultLocale, readerLocale } from '../locales';
import { ARTICLE } from '../visibility/definition';
import { currentActor } from './actor';
import { documentState } from './snapshot';
import { CORRECTION, writeVersion } from './versions';

export const MAX_CORRECTION_LENGTH = 2000;

export interface Correction {
  id: number;
  /** The locale of the article it corrects. */
  locale: string;
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

/** The body's `locale`: an offered locale (as stored), NEWS_DEFAULT_LOCALE when absent; else a 400 naming it. */
async function bodyLocale(strapi: Core.Strapi, raw: unknown): Promise<string> {
  if (raw !== undefined && raw !== null && typeof raw !== 'string')
    return refuse('locale', `locale: must be a locale code such as en or de (got ${JSON.stringify(raw).slice(0, 80)})`);
  try {
    return await readerLocale(strapi, raw);
  } catch (error) {
    // The same message, told as a body field.
    if (error instanceof errors.ValidationError) return refuse('locale', error.message);
    throw error;
  }
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString());

/**
 * `POST /newsroom-history/corrections` with `{ uid, documentId, locale, text }`: appends a correction to one published
 * locale of an article (NEWS_DEFAULT_LOCALE when `locale` is not given), in one transaction with its audit version
 * (`correct`, of that locale), that locale's `correctedAt` and the purge of the article's pages.
 */
export async function appendCorrection(strapi: Core.Strapi, body: unknown): Promise<Correction> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse('body', 'body: must be an object { uid, documentId, locale, text }');
  const { uid, documentId, locale: rawLocale, text: rawText, ...rest } = body as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) refuse(extra, `${extra}: unknown field; allowed: uid, documentId, locale, text`);
  if (uid !== ARTICLE) refuse('uid', `uid: corrections are appended to articles (${ARTICLE})`);
  if (typeof documentId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(documentId)) refuse('documentId', 'documentId: required, the article document id');
  const text = correctionText(rawText);
  const locale = await bodyLocale(strapi, rawLocale);
  const id = documentId as string;
  return strapi.db.transaction(async (transaction) => {
    const published = await strapi.db.query(ARTICLE).findOne({ select: ['id'], where: { documentId: id, locale, publishedAt: { $notNull: true } } });
    if (!published) {
      throw new errors.ApplicationError(
        `Only a published article can carry a correction, and this article is not published in ${locale}: publish it first, or change the draft`,
      );
    }
    const actor = currentActor(strapi);
    const at = new Date();
    const row = (await strapi.db.query(CORRECTION).create({
      data: {
        subjectUid: ARTICLE,
        subjectDocumentId: id,
        locale,
        text,
        authorKind: actor.kind,
        authorId: actor.id,
        authorName: actor.name.slice(0, 255),
        createdAt: at,
        updatedAt: at,
      },
    })) as { id: number };
    // Both rows of the locale carry it, so that the next publication of its draft keeps it (updateMany leaves updatedAt
    // alone); other locales keep their own "Last update".
    await strapi.db.query(ARTICLE).updateMany({ where: { documentId: id, locale }, data: { correctedAt: at } });
    await syncReaderLastUpdate(strapi, id);
    const state = await documentState(strapi, ARTICLE, id, locale);
    if (state) await writeVersion(strapi, ARTICLE, id, 'correct', { ...state, content: { ...state.content, correction: text } }, actor, at);
    await queuePurge(strapi, transaction, [documentTag(ARTICLE, id), typeTag(ARTICLE)]);
    return { id: row.id, locale, at: at.toISOString(), text };
  });
}

/** The corrections of one locale of some articles (NEWS_DEFAULT_LOCALE when not given), oldest first, by documentId. */
export async function correctionsOf(strapi: Core.Strapi, documentIds: readonly string[], given: string | null | undefined): Promise<Map<string, Correction[]>> {
  const byDocument = new Map<string, Correction[]>();
  if (documentIds.length === 0) return byDocument;
  const locale = given || defaultLocale(strapi);
  const rows = (await strapi.db.query(CORRECTION).findMany({
    select: ['id', 'subjectDocumentId', 'text', 'createdAt'],
    where: { subjectUid: ARTICLE, subjectDocumentId: { $in: [...documentIds] }, locale },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })) as Array<{ id: number; subjectDocumentId: string; text: string; createdAt: unknown }>;
  for (const row of rows) {
    const list = byDocument.get(row.subjectDocumentId) ?? [];
    list.push({ id: row.id, locale, at: iso(row.createdAt), text: row.text });
    byDocument.set(row.subjectDocumentId, list);
  }
  return byDocument;
}
