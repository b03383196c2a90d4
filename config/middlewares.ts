import type { Core } from '@strapi/strapi';
import { mediaCspDirectives } from '../src/config/upload';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  // One log line per request with method, path, status and duration as fields (src/middlewares/request-log.ts).
  'global::request-log',
  'strapi::errors',
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
    name: 'strapi::cors',
    config: {
      origin: env.array('CORS_ORIGINS', ['*']),
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
