import type { Core } from '@strapi/strapi';
import { mediaCspDirectives } from '../src/config/upload';
import { readCorsSettings } from '../src/config/cors';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
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
      // Strapi's defaults, plus the S3 bucket (or its public URL) when media live there (src/config/upload.ts).
      contentSecurityPolicy: {
        useDefaults: true,
        directives: mediaCspDirectives((name) => env(name)),
      },
    },
  },
  {
    // Our CORS under Strapi's required name (src/middlewares/cors.ts, put there in src/index.ts): CORS_ORIGINS for the
    // reader API (`*` = any origin without credentials), ADMIN_CORS_ORIGINS for the admin API (src/config/cors.ts).
    name: 'strapi::cors',
    config: {
      ...readCorsSettings((name) => env(name)),
      headers: ['Content-Type', 'Authorization', 'Origin', 'Accept', 'If-None-Match'],
      // Browser front-ends on other origins may revalidate reader responses themselves.
      expose: ['ETag', 'Cache-Control'],
    },
  },
  'strapi::query',
  {
    name: 'strapi::body',
    config: {
      jsonLimit: env('BODY_JSON_LIMIT', '1mb'),
      formLimit: env('BODY_FORM_LIMIT', '1mb'),
      textLimit: env('BODY_TEXT_LIMIT', '1mb'),
    },
  },
  // 415 for bodies Strapi does not parse, 400 for absurdly nested ones and for NUL characters (src/middlewares/request-guard.ts).
  'global::request-guard',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;
