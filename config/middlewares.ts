import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  {
    name: 'strapi::cors',
    config: {
      origin: env.array('CORS_ORIGINS', ['*']),
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
