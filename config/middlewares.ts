import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
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
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;
