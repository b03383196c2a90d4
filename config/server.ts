import type { Core } from '@strapi/strapi';
import { requireSecretList } from '../src/config/secrets';
import { logFormat } from '../src/config/log-format';
import cronTasks from './cron-tasks';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  proxy: env.bool('IS_PROXIED', false),
  // Uploads (local provider) live in <PUBLIC_DIR>/uploads; point it at a persistent volume in containers.
  dirs: { public: env('PUBLIC_DIR', '') || './public' },
  app: {
    keys: requireSecretList(env, 'APP_KEYS'),
  },
  cron: {
    enabled: env.bool('CRON_ENABLED', true),
    // Publishes scheduled articles and teasers every minute (see src/scheduling/publish-due.ts).
    tasks: cronTasks,
  },
  // No update check: the product must start without the internet.
  logger: {
    updates: { enabled: false },
    // The start-up banner is a table on stdout: not with JSON logs, where every line must be one JSON object.
    startup: { enabled: env('NODE_ENV') !== 'test' && logFormat() !== 'json' },
  },
});

export default config;
