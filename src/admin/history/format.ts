/** How the history reads in the panel: times, authors, and the audit trail as CSV. */
import { actionLabel, HISTORY_TYPES, type VersionSummary } from './api';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A version's time in the browser's locale and time zone. */
export const formatWhen = (iso: string) => dateTime.format(new Date(iso));

/** Who made a change: the person's name, or what made it (the scheduler, an API token, the seed). */
export function formatAuthor(author: VersionSummary['author']): string {
  const name = author.name.trim();
  switch (author.kind) {
    case 'admin':
      return name || (author.id === null ? 'An administrator' : `Administrator #${author.id}`);
    case 'api-token':
      return name ? `API token "${name}"` : 'An API token';
    case 'user':
      return name ? `${name} (website account)` : 'A website account';
    case 'scheduler':
      return 'Scheduled publishing';
    case 'system':
      return name || 'The system';
  }
}

export const typeLabel = (uid: string) => (HISTORY_TYPES as Record<string, string>)[uid] ?? uid;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading =, +, - or @ defused for spreadsheets. */
function csvField(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The audit trail rows as CSV, with a header line. */
export function auditCsv(rows: VersionSummary[]): string {
  const header = ['time (UTC)', 'author', 'author kind', 'author id', 'action', 'type', 'locale', 'document', 'title', 'published after'];
  const lines = rows.map((row) =>
    [
      row.createdAt,
      row.author.name,
      row.author.kind,
      row.author.id === null ? '' : String(row.author.id),
      actionLabel(row.action),
      typeLabel(row.uid),
      row.locale ?? '',
      row.documentId,
      row.title ?? '',
      row.published ? 'yes' : 'no',
    ]
      .map(csvField)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
