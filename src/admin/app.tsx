/**
 * The newsroom's additions to the admin panel (Strapi loads src/admin/app.tsx into its build):
 *
 * - edit view of articles, teasers and sections: a "History" panel (latest versions, link to the full history)
 *   and, for articles, a "Corrections" panel;
 * - /admin/newsroom/history/:uid/:documentId: a document's versions, comparison of two, restore as draft;
 * - menu "Audit trail" (/admin/newsroom/audit), for users with `api::history.audit`.
 *
 * Everything reads and writes through the history's admin API (src/history/routes.ts), which enforces the
 * permissions; the panel only hides what a user may not use.
 */
import type { ContentManagerPlugin } from '@strapi/content-manager/strapi-admin';
import { ClockCounterClockwise } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';
import { HISTORY_PERMISSIONS } from './history/api';
import { CorrectionsPanel } from './history/CorrectionsPanel';
import { HistoryPanel } from './history/HistoryPanel';

export default {
  register(app: StrapiApp) {
    app.router.addRoute({
      path: 'newsroom/history/:uid/:documentId',
      lazy: async () => ({ Component: (await import('./history/HistoryPage')).HistoryPage }),
    });
    app.addMenuLink({
      to: 'newsroom/audit',
      icon: ClockCounterClockwise,
      intlLabel: { id: 'newsroom.audit.menu', defaultMessage: 'Audit trail' },
      permissions: [{ action: HISTORY_PERMISSIONS.audit, subject: null }],
      Component: () => import('./history/AuditPage').then((module) => ({ default: module.AuditPage })),
    });
  },
  bootstrap(app: Pick<StrapiApp, 'getPlugin'>) {
    const contentManager = app.getPlugin('content-manager').apis as unknown as ContentManagerPlugin['config']['apis'];
    contentManager.addEditViewSidePanel([HistoryPanel, CorrectionsPanel]);
  },
};
