import { asActor, SCHEDULER } from '../history/actor';
import type { Core, Data, UID } from '@strapi/strapi';

/** The content types that can be scheduled, in the order a run publishes them (articles before their teasers). */
export const SCHEDULABLE = ['api::article.article', 'api::teaser.teaser'] as const;

export type SchedulableUid = (typeof SCHEDULABLE)[number];

export const isSchedulable = (uid: UID.ContentType): uid is SchedulableUid => (SCHEDULABLE as readonly UID.ContentType[]).includes(uid);

/** At most this many due drafts per content type are published in one run; the rest wait for the next minute. */
export const BATCH_SIZE = 100;

export interface PublishDueFailure {
  uid: SchedulableUid;
  documentId: string;
  error: string;
}

export interface PublishDueResult {
  /** documentIds published by this run. */
  published: string[];
  /** Due drafts this run could not publish; each keeps its `scheduledAt` and is tried again at the next run. */
  failed: PublishDueFailure[];
}

/** `scheduledAt` comes back as a Date or an ISO string, depending on the database driver. */
type DueRow = Pick<Data.ContentType<SchedulableUid>, 'documentId'> & { scheduledAt: Date | string; locale: string | null };

const iso = (value: Date | string) => (value instanceof Date ? value.toISOString() : String(value));

async function dueDrafts(strapi: Core.Strapi, uid: SchedulableUid, now: Date): Promise<DueRow[]> {
  return (await strapi.db.query(uid).findMany({
    select: ['documentId', 'locale', 'scheduledAt'],
    where: { publishedAt: null, scheduledAt: { $notNull: true, $lte: now } },
    orderBy: [{ scheduledAt: 'asc' }, { id: 'asc' }],
    limit: BATCH_SIZE,
  })) as DueRow[];
}

/**
 * Claims one due draft (one locale of a document: each locale is scheduled and published on its own) and
 * publishes it, in one transaction.
 *
 * The claim is a conditional UPDATE that clears `scheduledAt` on the draft row only while the draft
 * is still due; exactly one caller can change that row, however many instances run the job at the
 * same moment (PostgreSQL makes a concurrent UPDATE wait for the first and then re-check the WHERE
 * clause; SQLite has one writer at a time). A caller that changed no row does nothing. When the
 * publication fails, the transaction rolls back and the draft keeps its `scheduledAt`; when the
 * process dies half-way, the same happens.
 */
async function claimAndPublish(strapi: Core.Strapi, uid: SchedulableUid, documentId: string, locale: string | null, now: Date): Promise<boolean> {
  // Recorded in the history as the scheduler's (src/history/actor.ts).
  return asActor(SCHEDULER, () =>
    strapi.db.transaction(async () => {
      const { count } = await strapi.db.query(uid).updateMany({
        where: { documentId, locale, publishedAt: null, scheduledAt: { $notNull: true, $lte: now } },
        data: { scheduledAt: null },
      });
      if (count !== 1) return false;
      // The locale that is due, and no other (each locale of a document has its own schedule).
      await strapi.documents(uid).publish({ documentId, ...(locale ? { locale } : {}) });
      return true;
    }),
  );
}

/**
 * Publishes every article and teaser draft whose `scheduledAt` is due at `now`, and clears the field.
 * Safe to run from several instances on one database at once: each draft is published exactly once.
 * A failure on one draft is logged and does not stop the others.
 */
export async function publishDue(strapi: Core.Strapi, now: Date = new Date()): Promise<PublishDueResult> {
  const result: PublishDueResult = { published: [], failed: [] };
  for (const uid of SCHEDULABLE) {
    for (const row of await dueDrafts(strapi, uid, now)) {
      try {
        if (await claimAndPublish(strapi, uid, row.documentId, row.locale, now)) {
          result.published.push(row.documentId);
          strapi.log.info(`Scheduled publication: ${uid} ${row.documentId} ${row.locale ?? ''} (due ${iso(row.scheduledAt)}) published`);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result.failed.push({ uid, documentId: row.documentId, error: message });
        strapi.log.error(
          `Scheduled publication of ${uid} ${row.documentId} (due ${iso(row.scheduledAt)}) failed: ${message}. It stays scheduled and is tried again at the next run.`,
        );
      }
    }
  }
  return result;
}
