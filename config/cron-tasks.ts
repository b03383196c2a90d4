import type { Core } from '@strapi/strapi';
import { publishDue } from '../src/scheduling/publish-due';

/**
 * Scheduled jobs, run by every instance whose CRON_ENABLED is true (server.cron.enabled).
 * `publishDue` claims each due draft in the database, so several instances may run it at once.
 */
export default {
  publishScheduledContent: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      try {
        await publishDue(strapi);
      } catch (error) {
        strapi.log.error(`Scheduled publication run failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    options: { rule: '* * * * *' },
  },
};
