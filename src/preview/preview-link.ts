/** Preview links for the admin panel's "Open preview", and the check of the secret they carry. */
import crypto from 'crypto';
import type { PreviewSettings } from '../settings/preview';

export const PREVIEW_STATUSES = ['draft', 'published'] as const;
export type PreviewStatus = (typeof PREVIEW_STATUSES)[number];

/** Content types with a preview page in the reader, and the reader path of that page. */
const PREVIEW_PATHS: Record<string, string> = {
  'api::article.article': '/preview/articles',
};

/** The reader's origin, for the admin panel's Content-Security-Policy (`frame-src`). */
export const readerOrigin = (settings: PreviewSettings) => new URL(settings.readerUrl).origin;

/**
 * The URL the admin panel's "Open preview" shows for a document, or null when it has none
 * (no secret configured, or a content type without a reader page).
 */
export function previewUrl(
  settings: PreviewSettings,
  uid: string,
  params: { documentId?: string; locale?: string | null; status?: string | null },
): string | null {
  const base = PREVIEW_PATHS[uid];
  if (!base || !settings.secret || !params.documentId) return null;
  const status: PreviewStatus = params.status === 'published' ? 'published' : 'draft';
  const query = new URLSearchParams({ secret: settings.secret, status });
  // The translation being edited (the CMS checks it: GET /api/preview/articles/:documentId?locale=).
  if (params.locale) query.set('locale', params.locale);
  return `${settings.readerUrl}${base}/${encodeURIComponent(params.documentId)}?${query.toString()}`;
}

const digest = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison of a presented secret with the configured one; never true when none is configured. */
export function secretMatches(presented: unknown, secret: string | null): boolean {
  if (!secret || typeof presented !== 'string' || presented === '') return false;
  return crypto.timingSafeEqual(digest(presented), digest(secret));
}
