/**
 * Reading and restoring versions, the audit trail and retention: what the admin routes (src/history/routes.ts)
 * and scripts use. Bad parameters are Strapi's ValidationError (400); an unknown version is a NotFoundError (404).
 */
import { isDeepStrictEqual } from 'util';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { diffLines, diffWords } from 'diff';
import { dateParam, integerParam, localeParam, refuseParam as refuse, stringParam } from '../http/request-params';
import { searchText } from '../search/text';
import { newsSettings } from '../settings/news';
import { defaultLocale } from '../locales';
import { liftStatementDeadline } from '../database/statement-deadline';
import { asRestore, AUTHOR_KINDS } from './actor';
import { HISTORY_TYPES, isHistoryUid, recordedAttributes, restoreData, type Content, type HistoryUid } from './snapshot';
import { ACTIONS, AUDIT_ACTIONS, VERSION, type HistoryAction, type VersionRow } from './versions';

export const HISTORY_PAGE_SIZE = 50;
export const HISTORY_MAX_PAGE_SIZE = 200;
const MAX_PAGE = 100_000;

export interface Author {
  kind: VersionRow['authorKind'];
  id: number | null;
  name: string;
}

export interface VersionSummary {
  id: number;
  uid: string;
  documentId: string;
  /** The locale of the document the change was made in. */
  locale: string | null;
  action: HistoryAction;
  author: Author;
  createdAt: string;
  /** Whether readers saw a published version right after this change. */
  published: boolean;
  title: string | null;
}

export interface VersionDetail extends VersionSummary {
  content: Content;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

const SUMMARY_FIELDS = ['id', 'subjectUid', 'subjectDocumentId', 'locale', 'action', 'authorKind', 'authorId', 'authorName', 'title', 'published', 'createdAt'];

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(value as string).toISOString());

function summary(row: VersionRow): VersionSummary {
  return {
    id: row.id,
    uid: row.subjectUid,
    documentId: row.subjectDocumentId,
    locale: row.locale ?? null,
    action: row.action,
    author: { kind: row.authorKind, id: row.authorId ?? null, name: row.authorName ?? '' },
    createdAt: iso(row.createdAt),
    published: Boolean(row.published),
    title: row.title ?? null,
  };
}

/** Refuses any parameter but these (a misspelt filter must not silently list everything). */
export function onlyParams(query: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(query)) if (!allowed.includes(key)) refuse(key, `${key}: unknown parameter; allowed: ${allowed.join(', ')}`);
}

export function uidParam(raw: unknown, required: boolean): HistoryUid | null {
  const value = stringParam(raw, 'uid');
  if (value === null || value === '') return required ? refuse('uid', `uid: required, one of ${HISTORY_TYPES.join(', ')}`) : null;
  return isHistoryUid(value) ? value : refuse('uid', `uid: must be one of ${HISTORY_TYPES.join(', ')}`);
}

export function documentIdParam(raw: unknown, required: boolean): string | null {
  const value = stringParam(raw, 'documentId');
  if (value === null || value === '') return required ? refuse('documentId', 'documentId: required') : null;
  return /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : refuse('documentId', 'documentId: letters, digits, _ and - only, at most 64');
}

export function versionIdParam(raw: unknown): number {
  const value = typeof raw === 'string' ? raw : '';
  // Row ids are 32-bit integers (PostgreSQL refuses a larger value in the query).
  if (!/^[1-9]\d{0,9}$/.test(value) || Number(value) > 2_147_483_647) throw new errors.NotFoundError('No such version');
  return Number(value);
}

function paging(query: Record<string, unknown>) {
  const page = integerParam(query.page, 'page', 1, MAX_PAGE);
  const pageSize = integerParam(query.pageSize, 'pageSize', HISTORY_PAGE_SIZE, HISTORY_MAX_PAGE_SIZE);
  return { page, pageSize };
}

async function pagedVersions(strapi: Core.Strapi, where: Record<string, unknown>, page: number, pageSize: number) {
  const [rows, total] = await Promise.all([
    strapi.db.query(VERSION).findMany({ select: SUMMARY_FIELDS, where, orderBy: [{ id: 'desc' }], offset: (page - 1) * pageSize, limit: pageSize }) as Promise<
      VersionRow[]
    >,
    strapi.db.query(VERSION).count({ where }),
  ]);
  const pagination: Pagination = { page, pageSize, pageCount: Math.ceil(total / pageSize), total };
  return { data: rows.map(summary), meta: { pagination } };
}

/**
 * `GET /newsroom-history/versions?uid=&documentId=&locale=&page=&pageSize=`: the versions of one locale of a document
 * (NEWS_DEFAULT_LOCALE when `locale` is not given), newest first.
 */
export async function listVersions(strapi: Core.Strapi, query: Record<string, unknown>) {
  onlyParams(query, ['uid', 'documentId', 'locale', 'page', 'pageSize']);
  const uid = uidParam(query.uid, true)!;
  const documentId = documentIdParam(query.documentId, true)!;
  const locale = await localeParam(strapi, query.locale);
  const { page, pageSize } = paging(query);
  return pagedVersions(strapi, { subjectUid: uid, subjectDocumentId: documentId, locale }, page, pageSize);
}

/** One version with its content, or a 404. */
export async function getVersion(strapi: Core.Strapi, id: number): Promise<VersionDetail> {
  const row = (await strapi.db.query(VERSION).findOne({ where: { id } })) as VersionRow | null;
  if (!row || !isHistoryUid(row.subjectUid)) throw new errors.NotFoundError('No such version');
  return { ...summary(row), content: row.content ?? {} };
}

export interface FieldComparison {
  field: string;
  changed: boolean;
  /** The field as text: a body one line per block, other values as JSON unless they are text. */
  left: string;
  right: string;
  /** Word differences from left to right (only for a changed field): `added` parts are in right only, `removed` in left only. */
  parts: Array<{ value: string; added?: boolean; removed?: boolean }>;
}

function asText(value: unknown, type: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (type === 'blocks') return searchText(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

/** How long one field's word comparison may take, and how many edits it may find, before a coarser one is used. */
const DIFF_LIMITS = { timeout: 150, maxEditLength: 4000 };

/**
 * Word differences from `a` to `b`; when two long texts differ too much for that within DIFF_LIMITS (seconds of the
 * event loop otherwise), line differences; failing that, the whole field as removed and added.
 */
export function differences(a: string, b: string): Array<{ value: string; added?: boolean; removed?: boolean }> {
  const words = diffWords(a, b, DIFF_LIMITS);
  if (words) return words;
  const lines = diffLines(a, b, DIFF_LIMITS);
  if (lines) return lines;
  return [...(a ? [{ value: a, removed: true }] : []), ...(b ? [{ value: b, added: true }] : [])];
}

/** `GET /newsroom-history/compare?left=&right=`: two versions of the same locale of a document, field by field. */
export async function compareVersions(strapi: Core.Strapi, query: Record<string, unknown>) {
  onlyParams(query, ['left', 'right']);
  const [left, right] = await Promise.all([getVersion(strapi, versionIdParam(query.left)), getVersion(strapi, versionIdParam(query.right))]);
  if (left.uid !== right.uid || left.documentId !== right.documentId) refuse('right', 'right: must be a version of the same document as left');
  if (left.locale !== right.locale) {
    refuse(
      'right',
      `right: must be a version of the same locale as left (left is ${left.locale ?? 'without a locale'}, right ${right.locale ?? 'without a locale'})`,
    );
  }
  const attributes = strapi.getModel(left.uid as HistoryUid).attributes as unknown as Record<string, { type: string }>;
  const names = recordedAttributes(attributes as never).map(([name]) => name);
  for (const name of [...Object.keys(left.content), ...Object.keys(right.content)]) if (!names.includes(name)) names.push(name);
  const fields: FieldComparison[] = names.map((field) => {
    const type = attributes[field]?.type;
    const [a, b] = [asText(left.content[field], type), asText(right.content[field], type)];
    const changed = !isDeepStrictEqual(left.content[field] ?? null, right.content[field] ?? null);
    const parts = changed
      ? differences(a, b).map(({ value, added, removed }) => ({ value, ...(added ? { added } : {}), ...(removed ? { removed } : {}) }))
      : [];
    return { field, changed, left: a, right: b, parts };
  });
  const { content: _left, ...leftSummary } = left;
  const { content: _right, ...rightSummary } = right;
  return { data: { left: leftSummary, right: rightSummary, fields } };
}

/**
 * `POST /newsroom-history/versions/:id/restore`: the version's content becomes the draft of the document's locale the
 * version is of (for a type without drafts, its content); other locales stay as they are. What readers see changes
 * only when an editor publishes. Recorded as `restore`, in that locale.
 */
export async function restoreVersion(strapi: Core.Strapi, id: number) {
  const version = await getVersion(strapi, id);
  const uid = version.uid as HistoryUid;
  // A version from before locales is of the default locale, where all content was then.
  const locale = version.locale ?? defaultLocale(strapi);
  const exists = await strapi.db.query(uid).findOne({ select: ['id'], where: { documentId: version.documentId, locale } });
  if (!exists)
    throw new errors.ApplicationError(
      `This ${strapi.getModel(uid).info.singularName} in ${locale} was deleted; a restore brings back content into an existing document and locale only`,
    );
  const data = await restoreData(strapi, uid, version.content, locale);
  const restored = await asRestore(() => strapi.documents(uid).update({ documentId: version.documentId, locale, data } as never));
  return { data: { documentId: version.documentId, locale, restoredFrom: id, version: restored.version } };
}

function actionsParam(raw: unknown): HistoryAction[] {
  const value = stringParam(raw, 'action');
  if (value === null || value === '') return [...AUDIT_ACTIONS];
  const actions = value.split(',').map((action) => action.trim());
  for (const action of actions)
    if (!(ACTIONS as readonly string[]).includes(action)) refuse('action', `action: one or more of ${ACTIONS.join(', ')}, separated by commas`);
  return actions as HistoryAction[];
}

/**
 * `GET /newsroom-history/audit?author=&authorKind=&action=&uid=&documentId=&locale=&from=&to=&page=&pageSize=`: who
 * published, unpublished, scheduled, deleted, restored and corrected what, in which locale and when, newest first
 * (other actions when `action` names them; every locale unless `locale` names one). `from`/`to` as in search: a day
 * in NEWS_TIMEZONE or an instant with its offset.
 */
export async function auditTrail(strapi: Core.Strapi, query: Record<string, unknown>, types: readonly HistoryUid[] = HISTORY_TYPES) {
  onlyParams(query, ['author', 'authorKind', 'action', 'uid', 'documentId', 'locale', 'from', 'to', 'page', 'pageSize']);
  const actions = query.action === undefined || query.action === '' ? null : actionsParam(query.action);
  const uid = uidParam(query.uid, false);
  const subjects = uid ? types.filter((type) => type === uid) : [...types];
  const documentId = documentIdParam(query.documentId, false);
  const locale = query.locale === undefined || query.locale === '' ? null : await localeParam(strapi, query.locale);
  let authorKind = stringParam(query.authorKind, 'authorKind');
  if (authorKind && !(AUTHOR_KINDS as readonly string[]).includes(authorKind)) refuse('authorKind', `authorKind: one of ${AUTHOR_KINDS.join(', ')}`);
  const authorId = query.author === undefined ? null : integerParam(query.author, 'author', 0, Number.MAX_SAFE_INTEGER);
  if (authorId !== null) authorKind = authorKind ?? 'admin';
  const timeZone = newsSettings(strapi).timeZone;
  const from = dateParam(stringParam(query.from, 'from'), 'from', timeZone);
  const to = dateParam(stringParam(query.to, 'to'), 'to', timeZone);
  if (from && to && to < from) refuse('to', 'to: must not be before from');
  const { page, pageSize } = paging(query);

  // In SQL of its own: the default trail reads the `audited` indexes, and the count is a plain COUNT(*) (Strapi's
  // COUNT(DISTINCT id) scans the whole table on PostgreSQL). bench/README.md "History" has the figures.
  const knex = strapi.db.connection;
  const table = strapi.db.metadata.get(VERSION).tableName;
  const filtered = () => {
    const builder = knex(table);
    // Only when it restricts: a filter on every type keeps SQLite's planner off the `audited` indexes.
    if (subjects.length < HISTORY_TYPES.length) builder.whereIn('subject_uid', subjects);
    if (actions) builder.whereIn('action', actions);
    else builder.where('audited', true);
    if (documentId) builder.where('subject_document_id', documentId);
    if (locale) builder.where('locale', locale);
    if (authorKind) builder.where('author_kind', authorKind);
    if (authorId !== null) builder.where('author_id', authorId);
    if (from) builder.where('created_at', '>=', from);
    if (to) builder.where('created_at', '<=', to);
    return builder;
  };
  const [rows, counted] = await Promise.all([
    filtered()
      .select('id', 'subject_uid', 'subject_document_id', 'locale', 'action', 'author_kind', 'author_id', 'author_name', 'title', 'published', 'created_at')
      .orderBy('id', 'desc')
      .offset((page - 1) * pageSize)
      .limit(pageSize) as Promise<Array<Record<string, unknown>>>,
    filtered().count({ total: '*' }).first() as Promise<{ total: number | string } | undefined>,
  ]);
  const total = Number(counted?.total ?? 0);
  const data = rows.map((row) =>
    summary({
      id: Number(row.id),
      subjectUid: String(row.subject_uid),
      subjectDocumentId: String(row.subject_document_id),
      locale: (row.locale as string | null) ?? null,
      action: row.action as HistoryAction,
      authorKind: row.author_kind as VersionRow['authorKind'],
      authorId: row.author_id === null ? null : Number(row.author_id),
      authorName: (row.author_name as string | null) ?? null,
      title: (row.title as string | null) ?? null,
      published: Boolean(row.published),
      content: null,
      createdAt: typeof row.created_at === 'number' ? new Date(row.created_at) : (row.created_at as string | Date),
    }),
  );
  const pagination: Pagination = { page, pageSize, pageCount: Math.ceil(total / pageSize), total };
  return { data, meta: { pagination } };
}

/** Versions deleted per statement by the retention job: each batch is a short transaction. */
export const PRUNE_BATCH = 5000;

/**
 * Removes versions older than `retentionDays` (HISTORY_RETENTION_DAYS), except the latest of each locale of a document,
 * which always stays (a version goes only when a newer one of its document and locale exists). In batches of PRUNE_BATCH, each in a
 * transaction of its own without the readers' statement deadline. Returns how many were removed. Corrections are
 * public record and are never removed.
 */
export async function pruneHistory(strapi: Core.Strapi, retentionDays: number | null, now: Date = new Date()): Promise<number> {
  if (retentionDays === null) return 0;
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const table = strapi.db.metadata.get(VERSION).tableName;
  let removed = 0;
  for (;;) {
    const batch = await strapi.db.connection.transaction(async (trx) => {
      await liftStatementDeadline(trx);
      const ids = (
        (await trx(`${table} as v`)
          .select('v.id')
          .where('v.created_at', '<', cutoff)
          .whereExists((newer) => {
            newer
              .select(trx.raw('1'))
              .from(`${table} as n`)
              .whereRaw('?? = ??', ['n.subject_uid', 'v.subject_uid'])
              .whereRaw('?? = ??', ['n.subject_document_id', 'v.subject_document_id'])
              // The latest of each locale stays (every version has one: src/history/indexes.ts backfillHistoryLocales).
              .whereRaw('?? = ??', ['n.locale', 'v.locale'])
              .whereRaw('?? > ??', ['n.id', 'v.id']);
          })
          .orderBy('v.id')
          .limit(PRUNE_BATCH)) as Array<{ id: number }>
      ).map((row) => row.id);
      if (ids.length > 0) await trx(table).whereIn('id', ids).delete();
      return ids.length;
    });
    removed += batch;
    if (batch < PRUNE_BATCH) return removed;
  }
}
