/**
 * Draft previews.
 *
 *   PREVIEW_SECRET  authorises preview links; unset: no preview link is offered and the preview API refuses
 *                   every request. When set: no placeholder, at least 16 characters
 *   READER_URL      the reference reader front-end that renders previews (default http://localhost:3000)
 */
import { collect, valueOf, type Env } from './env';
import { requiredSecret } from './secrets';

export interface PreviewSettings {
  /** PREVIEW_SECRET; null when unset: then no preview link is offered and the preview API refuses every request. */
  secret: string | null;
  /** READER_URL: the reference reader front-end that renders previews. */
  readerUrl: string;
}

export const DEFAULT_READER_URL = 'http://localhost:3000';

/** A preview secret shorter than this stops start-up: anyone who guesses it reads every draft. */
export const PREVIEW_SECRET_MIN_LENGTH = 16;

const isHttpUrl = (value: string) => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

/**
 * PREVIEW_SECRET is optional (unset: previews are off), but when set it must be a real secret:
 * a placeholder value or one shorter than 16 characters stops start-up, naming the variable.
 */
export function readPreviewSettings(env: Env): PreviewSettings {
  return collect((problems) => {
    const secret = valueOf(env, 'PREVIEW_SECRET') ? requiredSecret(env, 'PREVIEW_SECRET', problems) : null;
    if (secret && secret.length < PREVIEW_SECRET_MIN_LENGTH) {
      problems.push(`PREVIEW_SECRET must be at least ${PREVIEW_SECRET_MIN_LENGTH} characters long: anyone who guesses it reads every draft`);
    }
    const readerUrl = (valueOf(env, 'READER_URL') ?? DEFAULT_READER_URL).replace(/\/+$/, '');
    if (!isHttpUrl(readerUrl)) problems.push(`READER_URL must be an absolute http(s) URL such as ${DEFAULT_READER_URL} (got "${readerUrl}")`);
    return { secret, readerUrl };
  });
}
