import { formats, winston } from '@strapi/logger';

const level = process.env.LOG_LEVEL || 'http';
const json = (process.env.LOG_FORMAT || (process.env.NODE_ENV === 'production' ? 'json' : 'pretty')) === 'json';

/** Pretty lines in development; one JSON object per line in production, for log shippers. */
export default {
  level,
  format: json
    ? winston.format.combine(formats.excludeColors, winston.format.timestamp(), winston.format.json())
    : formats.prettyPrint(),
  transports: [new winston.transports.Console()],
};
