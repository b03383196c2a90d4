import type { Core } from '@strapi/strapi';
import { publishDue } from '../src/scheduling/publish-due';
import { pruneHistory } from '../src/history/service';
import { historySettings } from '../src/settings/history';

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
  // HISTORY_RETENTION_DAYS: versions older than that go, the latest of each document stays (src/history/service.ts).
  pruneHistory: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      try {
        const removed = await pruneHistory(strapi, historySettings(strapi).retentionDays);
        if (removed > 0) strapi.log.info(`History retention: ${removed} versions older than ${historySettings(strapi).retentionDays} days removed`);
      } catch (error) {
        strapi.log.error(`History retention run failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    options: { rule: '17 * * * *' },
  },
};
