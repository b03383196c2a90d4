/**
 * The "Last update" rule in SQL: the one form every query uses (feeds, sitemaps, the stored copy
 * `readerLastUpdate`). The rule itself, with its reasons, is `lastUpdateInstant` (src/newsroom/last-update.ts).
 */
import { col } from './fragments';

/** Column names of the three dates the rule reads. */
export interface LastUpdateColumns {
  lastUpdatedAt: string;
  publishedAt: string;
  correctedAt: string;
}

/**
 * `lastUpdatedAt`, else the later of `publishedAt` and `correctedAt`, on table alias `alias`: NULL without
 * `publishedAt` (`corrected > NULL` is NULL, so the ELSE branch is taken), as in `lastUpdateInstant`.
 * Both drivers compare datetimes of one column type in time order (epoch milliseconds on SQLite).
 */
export function lastUpdateSql(alias: string, columns: LastUpdateColumns): string {
  const [edited, published, corrected] = [columns.lastUpdatedAt, columns.publishedAt, columns.correctedAt].map((name) => col(alias, name));
  return `COALESCE(${edited}, CASE WHEN ${corrected} > ${published} THEN ${corrected} ELSE ${published} END)`;
}
