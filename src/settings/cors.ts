/**
 * Which other origins may call this server from a browser (CORS), read from the environment:
 * - CORS_ORIGINS, for the reader API (REST under /api, GraphQL, uploaded media): `*` lets any origin read
 *   without credentials (cookies); an origin listed by name may also send credentials. Default `*`.
 * - ADMIN_CORS_ORIGINS, for everything else (the admin API and its plugins' admin routes): only origins
 *   listed by name, with credentials. Default none: the admin panel is served by this server itself.
 * An entry is an origin as a browser sends it (`https://www.example.com`, `http://localhost:3000`);
 * anything else stops start-up with the variable's name.
 */
import { collect, type Env } from './env';

export interface CorsSettings {
  /** CORS_ORIGINS has `*`: any origin may read the reader API, without credentials. */
  anyReaderOrigin: boolean;
  /** Origins that may use the reader API with credentials. */
  readerOrigins: string[];
  /** Origins that may use the admin API with credentials. */
  adminOrigins: string[];
}

/** `https://Example.com/` → `https://example.com`; null for anything that is not an http(s) origin. */
export function normaliseOrigin(entry: string): string | null {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null;
  return url.origin;
}

function originList(env: Env, variable: string, { wildcard }: { wildcard: boolean }, problems: string[]): { any: boolean; origins: string[] } {
  const entries = (env[variable] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  let any = false;
  const origins: string[] = [];
  for (const entry of entries) {
    if (entry === '*' && wildcard) {
      any = true;
      continue;
    }
    const origin = entry === '*' ? null : normaliseOrigin(entry);
    if (!origin) {
      const allowed = wildcard ? '`*` or origins such as https://www.example.com' : 'origins such as https://admin.example.com (no `*`)';
      problems.push(`${variable} takes ${allowed}, comma-separated (got "${entry}")`);
      continue;
    }
    origins.push(origin);
  }
  return { any, origins: [...new Set(origins)] };
}

export function readCorsSettings(env: Env): CorsSettings {
  return collect((problems) => {
    const reader = env.CORS_ORIGINS === undefined ? { any: true, origins: [] } : originList(env, 'CORS_ORIGINS', { wildcard: true }, problems);
    const admin = originList(env, 'ADMIN_CORS_ORIGINS', { wildcard: false }, problems);
    return { anyReaderOrigin: reader.any, readerOrigins: reader.origins, adminOrigins: admin.origins };
  });
}
