import type { Core } from '@strapi/strapi';
import { mediaCspDirectives } from '../src/settings/upload';
import { readCorsSettings } from '../src/settings/cors';
import { readServerSettings } from '../src/settings/server';

const config = (): Core.Config.Middlewares => {
  const body = readServerSettings(process.env).bodyLimits;
  return [
    // No `strapi: You are so French!` (or X-Powered-By) on any answer (src/middlewares/server-identity.ts).
    'global::server-identity',
    // One log line per request with method, path, status and duration as fields (src/middlewares/request-log.ts).
    'global::request-log',
    'strapi::errors',
    // Unexpected errors: 500 with a correlation id, the real error only in the log line (src/middlewares/internal-errors.ts).
    'global::internal-errors',
    // Parser errors (malformed JSON, oversized bodies, undecodable paths) and router 405s in Strapi's error format (src/middlewares/client-errors.ts).
    'global::client-errors',
    // A database statement stopped at its deadline answers 503; reader answers over READER_MAX_RESPONSE_BYTES 400 (src/middlewares/request-budget.ts).
    'global::request-budget',
    {
      name: 'strapi::security',
      config: {
        // Strapi's defaults, plus the S3 bucket (or its public URL) when media live there (src/settings/upload.ts).
        contentSecurityPolicy: {
          useDefaults: true,
          directives: mediaCspDirectives(process.env),
        },
      },
    },
    {
      // Our CORS under Strapi's required name (src/middlewares/cors.ts, put there in src/index.ts): CORS_ORIGINS for the
      // reader API (`*` = any origin without credentials), ADMIN_CORS_ORIGINS for the admin API (src/settings/cors.ts).
      name: 'strapi::cors',
      config: {
        ...readCorsSettings(process.env),
        headers: ['Content-Type', 'Authorization', 'Origin', 'Accept', 'If-None-Match'],
        // Browser front-ends on other origins may revalidate reader responses themselves.
        expose: ['ETag', 'Cache-Control'],
      },
    },
    // Reader answers the origin cache holds, before routing: security and CORS headers are already set (src/middlewares/origin-cache.ts).
    'global::origin-cache',
    'strapi::query',
    {
      name: 'strapi::body',
      config: { jsonLimit: body.json, formLimit: body.form, textLimit: body.text },
    },
    // 415 for bodies Strapi does not parse, 400 for absurdly nested ones and for NUL characters (src/middlewares/request-guard.ts).
    'global::request-guard',
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};

export default config;
