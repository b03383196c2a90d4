import crypto from 'crypto';
import { requireSecret } from '../config/secrets';

/** Reads one environment variable (Strapi's `env` in config files, or `process.env`). */
type EnvGet = (name: string) => string | undefined;

export interface PreviewSettings {
  /** PREVIEW_SECRET; null when unset: then no preview link is offered and the preview API refuses every request. */
  secret: string | null;
  /** READER_URL: the reference reader front-end that renders previews. */
  readerUrl: string;
}

export const DEFAULT_READER_URL = 'http://localhost:3000';
export const PREVIEW_STATUSES = ['draft', 'published'] as const;
export type PreviewStatus = (typeof PREVIEW_STATUSES)[number];

/** Content types with a preview page in the reader, and the reader path of that page. */
const PREVIEW_PATHS: Record<string, string> = {
  'api::article.article': '/preview/articles',
};

/** A preview secret shorter than this stops start-up: anyone who guesses it reads every draft. */
export const PREVIEW_SECRET_MIN_LENGTH = 16;

/**
 * PREVIEW_SECRET is optional (unset: previews are off), but when set it must be a real secret:
 * a placeholder value or one shorter than 16 characters stops start-up, naming the variable.
 */
export function readPreviewSettings(get: EnvGet): PreviewSettings {
  const secret = get('PREVIEW_SECRET')?.trim() ? requireSecret(get, 'PREVIEW_SECRET') : null;
  if (secret !== null && secret.length < PREVIEW_SECRET_MIN_LENGTH) {
    throw new Error(`PREVIEW_SECRET must be at least ${PREVIEW_SECRET_MIN_LENGTH} characters long: anyone who guesses it reads every draft`);
  }
  const readerUrl = (get('READER_URL')?.trim() || DEFAULT_READER_URL).replace(/\/+$/, '');
  let protocol = '';
  try {
    protocol = new URL(readerUrl).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new Error(`READER_URL must be an absolute http(s) URL such as ${DEFAULT_READER_URL} (got "${readerUrl}")`);
  }
  return { secret, readerUrl };
}

/** The reader's origin, for the admin panel's Content-Security-Policy (`frame-src`). */
export const readerOrigin = (settings: PreviewSettings) => new URL(settings.readerUrl).origin;

/**
 * The URL the admin panel's "Open preview" shows for a document, or null when it has none
 * (no secret configured, or a content type without a reader page).
 */
export function previewUrl(settings: PreviewSettings, uid: string, params: { documentId?: string; status?: string | null }): string | null {
  const base = PREVIEW_PATHS[uid];
  if (!base || !settings.secret || !params.documentId) return null;
  const status: PreviewStatus = params.status === 'published' ? 'published' : 'draft';
  const query = new URLSearchParams({ secret: settings.secret, status });
  return `${settings.readerUrl}${base}/${encodeURIComponent(params.documentId)}?${query.toString()}`;
}

const digest = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison of a presented secret with the configured one; never true when none is configured. */
export function secretMatches(presented: unknown, secret: string | null): boolean {
  if (!secret || typeof presented !== 'string' || presented === '') return false;
  return crypto.timingSafeEqual(digest(presented), digest(secret));
}
