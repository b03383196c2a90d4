/**
 * CORS as CORS_ORIGINS and ADMIN_CORS_ORIGINS say (src/settings/cors.ts), in place of Strapi's `strapi::cors`.
 * Strapi's answers a request without `Origin` with `Access-Control-Allow-Origin: *` (an empty header once
 * credentials are on) and, given `*`, echoes every origin, `null` included, with credentials.
 *
 * - No `Origin`, `Origin: null` or an origin not allowed: no CORS header at all (the browser blocks the read).
 * - Reader paths (REST prefix, GraphQL endpoint, /uploads): a listed origin gets itself back with
 *   credentials; any other, when CORS_ORIGINS has `*`, gets `*` (never with credentials).
 * - Every other path (the admin API, plugins' admin routes): only ADMIN_CORS_ORIGINS, with credentials.
 */
import type { Core } from '@strapi/strapi';
import { normaliseOrigin, type CorsSettings } from '../settings/cors';
import { isUnderRoute } from './route-path';

export interface CorsGrant {
  allowOrigin: string;
  credentials: boolean;
}

export interface CorsOptions extends CorsSettings {
  /** Path prefixes of the reader API: `/api`, `/graphql`, `/uploads`. */
  readerPrefixes: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
}

const ALLOW_METHODS = 'GET,HEAD,POST,PUT,PATCH,DELETE';
/** How long a browser may reuse a preflight answer (seconds); browsers cap it lower themselves. */
const MAX_AGE_SECONDS = '86400';

/** What the request from `origin` to `path` may do across origins, or null for nothing. */
export function corsGrant(options: CorsOptions, path: string, origin: string | undefined): CorsGrant | null {
  // A browser sends the origin already normalised; one that differs after normalising is not a real origin.
  if (!origin || normaliseOrigin(origin) !== origin) return null;
  if (options.readerPrefixes.some((prefix) => isUnderRoute(path, prefix))) {
    if (options.readerOrigins.includes(origin)) return { allowOrigin: origin, credentials: true };
    return options.anyReaderOrigin ? { allowOrigin: '*', credentials: false } : null;
  }
  return options.adminOrigins.includes(origin) ? { allowOrigin: origin, credentials: true } : null;
}

type Ctx = {
  method: string;
  path: string;
  status: number;
  get: (field: string) => string;
  set: (field: string, value: string) => void;
  vary: (field: string) => void;
};

export function cors(options: CorsOptions) {
  const allowHeaders = options.allowHeaders.join(',');
  const exposeHeaders = options.exposeHeaders.join(',');
  return async (ctx: Ctx, next: () => Promise<unknown>) => {
    // The answer depends on Origin: shared caches must keep one copy per origin.
    ctx.vary('Origin');
    const grant = corsGrant(options, ctx.path, ctx.get('Origin') || undefined);
    if (!grant) return next();
    ctx.set('Access-Control-Allow-Origin', grant.allowOrigin);
    if (grant.credentials) ctx.set('Access-Control-Allow-Credentials', 'true');
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
      ctx.set('Access-Control-Allow-Methods', ALLOW_METHODS);
      ctx.set('Access-Control-Allow-Headers', allowHeaders);
      ctx.set('Access-Control-Max-Age', MAX_AGE_SECONDS);
      ctx.status = 204;
      return;
    }
    if (exposeHeaders) ctx.set('Access-Control-Expose-Headers', exposeHeaders);
    return next();
  };
}

type CorsConfig = Partial<CorsSettings> & { headers?: string[]; expose?: string[] };

/**
 * The factory behind the name `strapi::cors` (Strapi requires that name in config/middlewares.ts; src/index.ts
 * puts this one under it). Its config: src/settings/cors.ts's settings, `headers` and `expose`.
 */
export function newsroomCors(config: CorsConfig, { strapi }: { strapi: Core.Strapi }) {
  const graphql = strapi.plugin('graphql');
  const readerPrefixes = [strapi.config.get<string>('api.rest.prefix', '/api'), '/uploads'];
  if (graphql) readerPrefixes.push(String(graphql.config('endpoint')));
  return cors({
    anyReaderOrigin: config.anyReaderOrigin ?? false,
    readerOrigins: config.readerOrigins ?? [],
    adminOrigins: config.adminOrigins ?? [],
    readerPrefixes,
    allowHeaders: config.headers ?? ['Content-Type', 'Authorization', 'Origin', 'Accept'],
    exposeHeaders: config.expose ?? [],
  });
}
