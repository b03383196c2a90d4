import type { Core } from '@strapi/strapi';
import { readSecrets } from '../src/settings/secrets';
import { readServerSettings } from '../src/settings/server';
import { logFormat } from '../src/settings/logging';
import cronTasks from './cron-tasks';

const config = (): Core.Config.Server => {
  const server = readServerSettings(process.env);
  return {
    host: server.host,
    port: server.port,
    url: server.publicUrl,
    proxy: server.proxied,
    // Uploads (local provider) live in <PUBLIC_DIR>/uploads; point it at a persistent volume in containers.
    dirs: { public: server.publicDir },
    app: {
      keys: readSecrets(process.env).appKeys,
    },
    cron: {
      enabled: server.cronEnabled,
      // Publishes scheduled articles and teasers every minute (see src/scheduling/publish-due.ts).
      tasks: cronTasks,
    },
    // No update check: the product must start without the internet.
    logger: {
      updates: { enabled: false },
      // The start-up banner is a table on stdout: not with JSON logs, where every line must be one JSON object.
      startup: { enabled: server.nodeEnv !== 'test' && logFormat(process.env) !== 'json' },
    },
  };
};

export default config;
