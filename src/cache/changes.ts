/**
 * What a change purges. Every Document Service write of an article, section or teaser (admin panel,
 * REST, GraphQL, the scheduler, the seed, scripts) is looked at before and after, inside its
 * transaction: when what readers see of the document changed, its tags go into the purge queue in the
 * same transaction (src/cache/purge-queue.ts), and the moments when its visibility changes by time
 * (a teaser's startsAt and endsAt, from the visibility definition; an article entering and leaving the news
 * sitemap's window) go in as later purges.
 *
 *   - its document tag and its type tag, whenever its visible version changed (published, unpublished,
 *     deleted, a published edit; a draft save changes nothing a reader sees and purges nothing);
 *   - the lists of the sections it leaves and enters (section-list:<id>) when it appears, disappears or
 *     moves in them: another section, another first publication date, another teaser position or window.
 */
import type { Core, Modules } from '@strapi/strapi';
import { ARTICLE, SECTION, TEASER, VISIBILITY } from '../visibility/definition';
import { FILE } from '../reader/names';
import { NEWS_WINDOW_MS } from '../distribution/service';
import { documentTag, sectionListTag, typeTag } from './tags';
import { enqueuePurge } from './purge-queue';
import { cacheRuntime } from './runtime';

type Knex = Parameters<typeof enqueuePurge>[0];

/** When every purge is sent a second time: longer than a reader request takes, plus clock skew between instances. */
export const PURGE_ECHO_MS = 3000;

/** What readers see of one document, as far as purging goes. */
export interface Snapshot {
  /** The visible rows (one per locale) and their last changes, or null when readers do not see the document. */
  version: string | null;
  /** The sections whose lists may show it. */
  lists: string[];
  /** Where it stands in those lists (section, order, window), compared before and after. */
  placement: string;
  /** Later moments (epoch ms) when its visibility changes by itself. */
  moments: number[];
  /** Tags of other documents that readers see only while this one is visible (an article's teasers). */
  dependents: string[];
}

const INVISIBLE: Snapshot = { version: null, lists: [], placement: '', moments: [], dependents: [] };

type Ref = { documentId?: string | null } | null | undefined;
type Row = Record<string, unknown> & { id: number; updatedAt?: unknown };

const docId = (ref: Ref): string | null => ref?.documentId ?? null;
const stamp = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : typeof value === 'string' || typeof value === 'number' ? String(value) : '';
const epoch = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const time = new Date(value as string).getTime();
  return Number.isFinite(time) ? time : null;
};

/** The datetime fields whose passing shows or hides a document (the visibility definition's from/until). */
const timedFields = (uid: string): string[] =>
  (VISIBILITY[uid] ?? []).flatMap((condition) => (condition.kind === 'from' || condition.kind === 'until' ? [condition.field] : []));

/**
 * What readers see of a document: of every locale at once (each locale is a row of its own, and a feed, a
 * sitemap or a page's alternates show the other locales too), so that publishing, editing or unpublishing
 * one translation is a change of the document.
 */
async function snapshot(strapi: Core.Strapi, uid: string, documentId: string, now: number): Promise<Snapshot> {
  const published = { documentId, publishedAt: { $notNull: true } };
  const versionOf = (rows: Row[]) => rows.map((row) => `${row.id}:${stamp(row.updatedAt)}`).join(',');
  if (uid === ARTICLE) {
    const rows = (await strapi.db.query(ARTICLE).findMany({
      where: published,
      select: ['id', 'updatedAt', 'publicationDate'],
      populate: { section: { select: ['documentId'] } },
      orderBy: { id: 'asc' },
    })) as Array<Row & { publicationDate?: unknown; section?: Ref }>;
    if (rows.length === 0) return INVISIBLE;
    // Teasers show the article in their own section's lists, which may be another section.
    const teasers = (await strapi.db.query(TEASER).findMany({
      where: { article: { documentId }, publishedAt: { $notNull: true } },
      select: ['id', 'documentId'],
      populate: { section: { select: ['documentId'] } },
    })) as Array<Row & { documentId?: string; section?: Ref }>;
    const lists = [...rows.map((row) => docId(row.section)), ...teasers.map((teaser) => docId(teaser.section))].filter((id): id is string => id !== null);
    // The news sitemap lists articles first published in the last 48 hours, never ahead of now: it changes when
    // a publication date set ahead arrives, and when the article grows older than the window.
    const moments = rows.flatMap((row) => {
      const firstPublished = epoch(row.publicationDate);
      return firstPublished === null ? [] : [firstPublished, firstPublished + NEWS_WINDOW_MS].filter((time) => time > now);
    });
    return {
      version: versionOf(rows),
      lists: [...new Set(lists)],
      placement: JSON.stringify(rows.map((row) => [docId(row.section), stamp(row.publicationDate)])),
      moments,
      // A teaser is shown only while its article is (src/visibility/definition.ts).
      dependents: [...new Set(teasers.map((teaser) => teaser.documentId).filter((id): id is string => typeof id === 'string'))].map((id) =>
        documentTag(TEASER, id),
      ),
    };
  }
  if (uid === TEASER) {
    const fields = timedFields(TEASER);
    const rows = (await strapi.db.query(TEASER).findMany({
      where: published,
      select: ['id', 'updatedAt', 'position', ...fields],
      populate: { section: { select: ['documentId'] }, article: { select: ['documentId'], populate: { section: { select: ['documentId'] } } } },
      orderBy: { id: 'asc' },
    })) as Array<Row & { section?: Ref; article?: (Ref & { section?: Ref }) | null }>;
    if (rows.length === 0) return INVISIBLE;
    const shownIn = rows.map((row) => docId(row.section) ?? docId(row.article?.section));
    return {
      version: versionOf(rows),
      lists: [...new Set(shownIn.filter((id): id is string => id !== null))],
      placement: JSON.stringify(
        rows.map((row, index) => [shownIn[index], docId(row.article), row.position ?? null, ...fields.map((field) => stamp(row[field]))]),
      ),
      moments: rows.flatMap((row) => fields.map((field) => epoch(row[field])).filter((time): time is number => time !== null && time > now)),
      dependents: [],
    };
  }
  const rows = (await strapi.db.query(SECTION).findMany({
    where: { documentId },
    select: ['id', 'updatedAt'],
    populate: { parent: { select: ['documentId'] } },
    orderBy: { id: 'asc' },
  })) as Array<Row & { parent?: Ref }>;
  if (rows.length === 0) return INVISIBLE;
  return {
    version: versionOf(rows),
    lists: [documentId],
    placement: JSON.stringify(rows.map((row) => docId(row.parent))),
    moments: [],
    dependents: [],
  };
}

type PurgedUid = typeof ARTICLE | typeof SECTION | typeof TEASER;
const PURGED: readonly string[] = [ARTICLE, SECTION, TEASER];
const READS = new Set(['findMany', 'findFirst', 'findOne', 'count']);

/** The tags to purge now for a change from `before` to `after`, none when readers see no difference. */
export function tagsForChange(uid: PurgedUid, documentId: string, before: Snapshot, after: Snapshot): string[] {
  if (before.version === after.version && before.placement === after.placement) return [];
  const tags = [documentTag(uid, documentId), typeTag(uid)];
  const shownOrHidden = before.version === null || after.version === null;
  if (shownOrHidden || before.placement !== after.placement)
    for (const section of new Set([...before.lists, ...after.lists])) tags.push(sectionListTag(section));
  if (shownOrHidden) {
    const dependents = new Set([...before.dependents, ...after.dependents]);
    if (dependents.size > 0) tags.push(...dependents, typeTag(TEASER));
  }
  return tags;
}

/** The purges to schedule at the moments `after` changes by time: the document and the lists that show it. */
export function tagsAtMoments(uid: PurgedUid, documentId: string, after: Snapshot): Array<{ at: number; tags: string[] }> {
  const tags = [documentTag(uid, documentId), typeTag(uid), ...after.lists.map(sectionListTag)];
  return [...new Set(after.moments)].map((at) => ({ at, tags }));
}

/** Queues the purges of a change from `before` to what the database holds now, in the transaction `trx`. */
async function queueChange(
  strapi: Core.Strapi,
  { trx, onCommit }: { trx: unknown; onCommit: (callback: () => void) => void },
  change: { uid: PurgedUid; documentId: string; before: Snapshot; now: number },
): Promise<void> {
  const { uid, documentId, before, now } = change;
  const after = await snapshot(strapi, uid, documentId, now);
  const tags = tagsForChange(uid, documentId, before, after);
  if (tags.length === 0) return;
  await queuePurge(strapi, { trx, onCommit }, tags, tagsAtMoments(uid, documentId, after), now);
}

/**
 * Queues the purge of `tags` now (and `later` ones at their moments) in the transaction `trx`: also for changes
 * made around the Document Service, such as a correction (src/history/corrections.ts).
 */
export async function queuePurge(
  strapi: Core.Strapi,
  { trx, onCommit }: { trx: unknown; onCommit: (callback: () => void) => void },
  tags: string[],
  later: Array<{ at: number; tags: string[] }> = [],
  now: number = Date.now(),
): Promise<void> {
  const runtime = cacheRuntime(strapi);
  await enqueuePurge(trx as Knex, tags, now, now);
  // Again a little later: a cache tier may store an answer that a request in flight during the first purge built
  // from the old rows (the origin cache refuses those itself: src/cache/origin-cache.ts).
  await enqueuePurge(trx as Knex, tags, now + PURGE_ECHO_MS, now, { tierOnly: true });
  for (const moment of later) await enqueuePurge(trx as Knex, moment.tags, moment.at, now);
  // Other instances drop these tags from their origin caches when the transaction commits, not before.
  await runtime.notifyInTransaction(trx as Knex, tags);
  onCommit(() =>
    runtime.committed(
      tags,
      later.map((moment) => moment.at),
    ),
  );
}

/**
 * Document Service middleware: queues the purges of every write that changes what readers see, in the
 * write's transaction; after the commit, this instance drops the tags from its origin cache at once and
 * sends the purge (src/cache/runtime.ts). Runs inside the publication lock (src/index.ts).
 *
 * A creation outside a caller's transaction is queued in a transaction of its own right after it: the
 * slug rule retries a creation whose slug another writer took meanwhile (src/documents/slugs.ts), which a
 * transaction around it would prevent. A process that dies between the two loses that one purge (the
 * cache tier then serves an old 404 or list until CACHE_S_MAXAGE).
 */
export const purgeOnChangeMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (READS.has(context.action) || !PURGED.includes(context.uid)) return next();
    const uid = context.uid as PurgedUid;
    const given = (context.params as { documentId?: string }).documentId;
    const createdOnItsOwn = context.action === 'create' && !strapi.db.inTransaction();
    if (createdOnItsOwn) {
      const now = Date.now();
      const result = await next();
      const documentId = (result as { documentId?: string } | null)?.documentId;
      if (documentId) await strapi.db.transaction((params) => queueChange(strapi, params, { uid, documentId, before: INVISIBLE, now }));
      return result;
    }
    return strapi.db.transaction(async (params) => {
      const now = Date.now();
      const before = given ? await snapshot(strapi, uid, given, now) : INVISIBLE;
      const result = await next();
      const documentId = given ?? (result as { documentId?: string } | null)?.documentId;
      if (documentId) await queueChange(strapi, params, { uid, documentId, before, now });
      return result;
    });
  };

/**
 * Media library edits (alternative text, caption, a replaced file, a deletion) do not go through the
 * Document Service: the file's rows are watched instead, and the responses that show the file are purged.
 */
export function subscribeFilePurges(strapi: Core.Strapi): void {
  const purgeFile = async (id: unknown) => {
    if (typeof id !== 'number' && typeof id !== 'string') return;
    const tags = [documentTag(FILE, id), typeTag(FILE)];
    const runtime = cacheRuntime(strapi);
    await strapi.db.transaction(async ({ trx, onCommit }) => {
      await enqueuePurge(trx, tags, Date.now());
      await enqueuePurge(trx, tags, Date.now() + PURGE_ECHO_MS, Date.now(), { tierOnly: true });
      await runtime.notifyInTransaction(trx, tags);
      onCommit(() => runtime.committed(tags, []));
    });
  };
  strapi.db.lifecycles.subscribe({
    models: [FILE],
    afterUpdate: (event: { result?: { id?: unknown } }) => purgeFile(event.result?.id),
    afterDelete: (event: { result?: { id?: unknown } }) => purgeFile(event.result?.id),
  });
}
