/**
 * Absolute media URLs for feeds, sitemaps and structured data. The upload provider stores local files as
 * `/uploads/...` (S3 and CDNs store absolute URLs): a relative one is resolved against PUBLIC_URL, the
 * CMS's public address, or, when that is unset, against the origin the request came to.
 */
import type { Core } from '@strapi/strapi';

/** PUBLIC_URL, the CMS's public address, when it is set (an absolute http(s) URL), else null. */
export function configuredMediaBase(strapi: Core.Strapi): string | null {
  const configured = strapi.config.get<string>('server.url', '');
  return typeof configured === 'string' && /^https?:\/\//.test(configured) ? configured : null;
}

/** The base media URLs are resolved against: PUBLIC_URL when set, else `requestOrigin`. */
export function mediaBase(strapi: Core.Strapi, requestOrigin: string): string {
  return configuredMediaBase(strapi) ?? requestOrigin;
}

/** `url` made absolute against `base` (an absolute URL stays as it is); null for a URL that cannot be resolved. */
export function absoluteUrl(url: string, base: string): string | null {
  try {
    const resolved = new URL(url, base.endsWith('/') ? base : `${base}/`);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : null;
  } catch {
    return null;
  }
}
