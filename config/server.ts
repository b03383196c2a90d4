import type { Core } from '@strapi/strapi';
import { requireSecretList } from '../src/config/secrets';
import cronTasks from './cron-tasks';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  proxy: env.bool('IS_PROXIED', false),
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
    startup: { enabled: env('NODE_ENV') !== 'test' },
  },
});

export default config;
