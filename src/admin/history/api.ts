/**
 * The history's admin API (src/history/routes.ts) as the admin panel sees it: response types, paths, permissions,
 * and how a refused or failed request reads to a person.
 */
import { isFetchError } from '@strapi/strapi/admin';

export const HISTORY_API = '/newsroom-history';
export const ARTICLE_UID = 'api::article.article';

/** The types with a history, and how the panel names them. */
export const HISTORY_TYPES = {
  'api::article.article': 'Article',
  'api::teaser.teaser': 'Teaser',
  'api::section.section': 'Section',
} as const;
export type HistoryUid = keyof typeof HISTORY_TYPES;
export const isHistoryUid = (uid: unknown): uid is HistoryUid => typeof uid === 'string' && uid in HISTORY_TYPES;

/** The permission actions (Settings › Roles › "Newsroom history"). */
export const HISTORY_PERMISSIONS = {
  read: 'api::history.read',
  restore: 'api::history.restore',
  audit: 'api::history.audit',
  correct: 'api::history.correct',
} as const;
/** The Content Manager's own permission on a type, which every history action needs as well. */
export const contentPermission = (action: 'read' | 'update' | 'publish', uid: HistoryUid) => ({
  action: `plugin::content-manager.explorer.${action}`,
  subject: uid,
});

/** What a version records, as the API names it (src/history/versions.ts ACTIONS). */
export const ACTION_LABELS = {
  create: 'Created',
  update: 'Edited',
  publish: 'Published',
  unpublish: 'Unpublished',
  discard: 'Draft discarded',
  delete: 'Deleted',
  schedule: 'Scheduled',
  restore: 'Restored',
  correct: 'Correction',
} as const;
export type HistoryAction = keyof typeof ACTION_LABELS;
export const actionLabel = (action: string) => (ACTION_LABELS as Record<string, string>)[action] ?? action;

export interface Author {
  kind: 'admin' | 'api-token' | 'user' | 'scheduler' | 'system';
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
  published: boolean;
  title: string | null;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface VersionPage {
  data: VersionSummary[];
  meta: { pagination: Pagination };
}

export interface FieldComparison {
  field: string;
  changed: boolean;
  left: string;
  right: string;
  /** Word differences from left to right: `added` only in right, `removed` only in left. */
  parts: Array<{ value: string; added?: boolean; removed?: boolean }>;
}

export interface Comparison {
  left: VersionSummary;
  right: VersionSummary;
  fields: FieldComparison[];
}

export interface Correction {
  id: number;
  locale: string;
  at: string;
  text: string;
}

/** The admin panel's own pages, in one locale of the document (the history page's `?locale=`, the Content Manager's `plugins[i18n][locale]`). */
export const historyPagePath = (uid: string, documentId: string, locale?: string | null) =>
  `/newsroom/history/${uid}/${documentId}${locale ? `?${queryString({ locale })}` : ''}`;
export const editViewPath = (uid: string, documentId: string, locale?: string | null) =>
  `/content-manager/collection-types/${uid}/${documentId}${locale ? `?${queryString({ 'plugins[i18n][locale]': locale })}` : ''}`;

/** A query string of the defined, non-empty values. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  return search.toString();
}

/** The HTTP status and the API's message of a failed request (fetch client or admin data layer), when known. */
function failure(error: unknown): { status?: number; message?: string } {
  if (isFetchError(error)) return { status: error.status ?? error.response?.data?.error?.status, message: error.response?.data?.error?.message };
  if (typeof error === 'object' && error !== null && 'name' in error) {
    const { name, status, message } = error as { name?: unknown; status?: unknown; message?: unknown };
    const known = typeof status === 'number' ? status : name === 'ForbiddenError' ? 403 : name === 'UnauthorizedError' ? 401 : undefined;
    return { status: known, message: typeof message === 'string' ? message : undefined };
  }
  return {};
}

/** What a person reads when a request fails: the API's own message, a refusal said as one. */
export function errorMessage(error: unknown, doing: string): string {
  const { status, message } = failure(error);
  if (status === 403) return `You are not allowed to ${doing}. Ask an editor or an administrator.`;
  if (status === 401) return 'Your session has ended: log in again.';
  if (message) return `Could not ${doing}: ${message}`;
  return `Could not ${doing}. Try again in a moment.`;
}

/** Whether a failed request was a refusal (403): the view then hides what the person may not use. */
export const isForbidden = (error: unknown) => failure(error).status === 403;
