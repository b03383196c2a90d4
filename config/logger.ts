import { formats, winston } from '@strapi/logger';
import { readLoggingSettings } from '../src/settings/logging';

const { level, format } = readLoggingSettings(process.env);

/**
 * Pretty lines in development; one JSON object per line in production, for log shippers:
 * `{"level":"http","message":"GET /api/articles 200 (4 ms)","method":"GET","path":"/api/articles","status":200,"duration":4,"timestamp":"..."}`
 * (request fields come from src/middlewares/request-log.ts).
 */
export default {
  level,
  format:
    format === 'json'
      ? winston.format.combine(formats.excludeColors, winston.format.errors({ stack: true }), winston.format.timestamp(), winston.format.json())
      : formats.prettyPrint(),
  transports: [new winston.transports.Console()],
};
