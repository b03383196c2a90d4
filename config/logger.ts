import { formats, winston } from '@strapi/logger';
import { logFormat } from '../src/config/log-format';

const level = process.env.LOG_LEVEL || 'http';
const json = logFormat() === 'json';

/**
 * Pretty lines in development; one JSON object per line in production, for log shippers:
 * `{"level":"http","message":"GET /api/articles 200 (4 ms)","method":"GET","path":"/api/articles","status":200,"duration":4,"timestamp":"..."}`
 * (request fields come from src/middlewares/request-log.ts).
 */
export default {
  level,
  format: json
    ? winston.format.combine(formats.excludeColors, winston.format.errors({ stack: true }), winston.format.timestamp(), winston.format.json())
    : formats.prettyPrint(),
  transports: [new winston.transports.Console()],
};
