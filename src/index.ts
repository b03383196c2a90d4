import type { Core } from '@strapi/strapi';
import { grantReaderAccess } from './bootstrap/public-permissions';
import { applyContentManagerViews } from './bootstrap/content-manager-views';
import { registerDemoAccounts } from './bootstrap/demo-accounts';
import { ensureNewsroomRoles } from './bootstrap/roles';
import { readerOpenApiDocument } from './openapi/document';
import { scheduleMiddleware } from './scheduling/schedule-middleware';
import { registerReaderGraphql } from './graphql/reader';
import { registerReaderRelations } from './graphql/reader-relations';
import { backfillPublicationDate, publicationMiddleware } from './documents/publication';
import { textCharactersMiddleware } from './documents/text-characters';
import { liftStatementDeadline } from './database/statement-deadline';
import { readerVisibilityMiddleware } from './documents/reader-visibility';
import { slugMiddleware, useNewsroomSlugsInAdmin } from './documents/slugs';
import { isEmpty, loadSeed, readSeed, seedDir } from './seed/seed';
import { ensureReaderIndexes } from './database/reader-indexes';
import { describeConflict, ensureIntegrityIndexes } from './database/integrity-indexes';
import { publicationLockMiddleware } from './documents/publication-lock';
import { backfillReaderLastUpdate, syncReaderLastUpdateMiddleware } from './documents/sync-reader-last-update';
import { registerReadiness } from './operations/readiness';
import { settleDatabaseWork, trackCommitCallbacks } from './operations/settle';
import { newsroomCors } from './middlewares/cors';
import { RATE_LIMITED_ADMIN_ROUTES, rateLimitAdminRoutes } from './bootstrap/admin-rate-limits';
import { subscribePopulateBudget } from './documents/populate-budget';
import { readRequestBudgets } from './settings/limits';
import { readServerSettings } from './settings/server';
import { guardAccountQueries } from './query-contract/account';
import { guardForgotPassword } from './accounts/forgot-password';
import { purgeOnChangeMiddleware, subscribeFilePurges } from './cache/changes';
import { cacheRuntime } from './cache/runtime';
import { createPurgeAdapter } from './cache/purge-adapters';
import { purgeSettings } from './settings/purge';
import { searchIndexMiddleware } from './search/middleware';
import { ensureSearchIndex, repairSearchIndex } from './search/engine';
import { historyMiddleware } from './history/middleware';
import { historyRoutes, registerHistoryActions } from './history/routes';
import { backfillHistoryLocales, ensureHistoryIndexes } from './history/indexes';
import { backfillLocale, defaultLocale, ensureLocales, followLocaleChanges } from './locales';
import { CREATING_ROUTES, guardLocaleCreation } from './bootstrap/locale-permissions';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    trackCommitCallbacks(strapi);
    // Strapi insists on a middleware named strapi::cors; its own reflects any origin with credentials.
    strapi.get('middlewares').extend('strapi::cors', () => newsroomCors);
    if (rateLimitAdminRoutes(strapi).length !== RATE_LIMITED_ADMIN_ROUTES.length) {
      strapi.log.warn(`Admin routes not found to rate-limit: ${RATE_LIMITED_ADMIN_ROUTES.map((route) => route.path).join(', ')}`);
    }
    // A role limited to some locales may create versions in those only (Strapi checks existing versions only).
    if (guardLocaleCreation(strapi).length !== CREATING_ROUTES.length) {
      strapi.log.warn(`Content-manager routes not found to check locale permissions on: ${CREATING_ROUTES.map((route) => route.path).join(', ')}`);
    }
    strapi.documents.use(readerVisibilityMiddleware(strapi));
    strapi.documents.use(textCharactersMiddleware);
    // Order matters: the slug middleware retries a whole call, so it runs outside the transaction that
    // the publication lock opens; the publication rules then run inside that transaction.
    strapi.documents.use(slugMiddleware(strapi));
    strapi.documents.use(publicationLockMiddleware(strapi));
    // Inside the lock's transaction: a change and the purge of what it changed commit together (src/cache/changes.ts).
    strapi.documents.use(purgeOnChangeMiddleware(strapi));
    // Inside the same transaction: an article's change and its search index entries commit together (src/search/).
    strapi.documents.use(searchIndexMiddleware(strapi));
    // Inside the same transaction: every change of an article, teaser or section and its version (src/history/).
    // NEWSROOM_HISTORY_DISABLED=1 is for `npm run bench` only (a save timed with and without history); never in production.
    if (process.env.NEWSROOM_HISTORY_DISABLED !== '1') strapi.documents.use(historyMiddleware(strapi));
    strapi.documents.use(publicationMiddleware(strapi));
    strapi.documents.use(scheduleMiddleware(strapi));
    // Innermost: it reads the rows the action wrote, inside the publication lock's transaction.
    strapi.documents.use(syncReaderLastUpdateMiddleware(strapi));
    registerReaderGraphql(strapi);
    registerReaderRelations(strapi);
    guardAccountQueries(strapi);
    guardForgotPassword(strapi);
    // Reader and integrity indexes right after every schema sync: on a new database the migrations ran before
    // the tables existed (see src/database/reader-indexes.ts). An integrity index that stored duplicates keep
    // from being created is reported, and the start goes on (src/database/integrity-indexes.ts).
    strapi.hook('strapi::content-types.afterSync').register(async () => {
      await ensureReaderIndexes(strapi.db.connection, strapi.db.metadata);
      await cacheRuntime(strapi).ensureSchema();
      await ensureHistoryIndexes(strapi);
      const dated = await backfillHistoryLocales(strapi);
      if (dated > 0) strapi.log.info(`History: ${dated} versions and corrections from before locales given NEWS_DEFAULT_LOCALE`);
      if (await ensureSearchIndex(strapi)) strapi.log.info('Search index created (empty); it is filled from the published articles at start-up');
      const { conflicts } = await ensureIntegrityIndexes(strapi.db.connection);
      for (const conflict of conflicts) strapi.log.error(describeConflict(conflict));
    });
    registerReadiness(strapi);
    registerHistoryActions(strapi);
    strapi.server.routes(historyRoutes(strapi));
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // The rows a populated to-many relation may bring to one reader read (src/documents/populate-budget.ts).
    subscribePopulateBudget(strapi, readRequestBudgets(process.env).readerMaxPopulatedRows);
    await grantReaderAccess(strapi);
    // NEWS_DEFAULT_LOCALE (and the fallback) offered, the default one Strapi's default; roles get every locale's permissions.
    await ensureLocales(strapi);
    await ensureNewsroomRoles(strapi);
    followLocaleChanges(strapi, (added) => ensureNewsroomRoles(strapi, added).then(() => undefined));
    await registerDemoAccounts(strapi);
    // Repairs of rows written around the Document Service (imports, the benchmark's fill): on a large
    // archive they take longer than DATABASE_STATEMENT_TIMEOUT_MS allows a reader query, so they run without it.
    const { localised, backfilled, dated } = await strapi.db.connection.transaction(async (trx) => {
      await liftStatementDeadline(trx);
      const localised = await backfillLocale(strapi, trx);
      return { localised, backfilled: await backfillReaderLastUpdate(strapi, trx), dated: await backfillPublicationDate(strapi, trx) };
    });
    if (localised > 0) strapi.log.info(`Locale ${defaultLocale(strapi)} given to ${localised} rows written without one`);
    if (backfilled > 0) strapi.log.info(`Admin list "Last update" filled in on ${backfilled} article rows`);
    if (dated > 0) strapi.log.info(`Publication date (first publication) filled in on ${dated} article rows written without one`);
    // Articles written around the Document Service (a restore, an import, the benchmark's fill, an index
    // created or rebuilt for another SEARCH_LANGUAGE) are brought into the search index (src/search/engine.ts).
    const search = await repairSearchIndex(strapi);
    if (search.written + search.removed > 0) strapi.log.info(`Search index repaired: ${search.written} entries written, ${search.removed} removed`);
    await applyContentManagerViews(strapi);
    useNewsroomSlugsInAdmin(strapi);
    // Built now, not on its first request: a reader route without a description stops the start (src/openapi/paths.ts).
    readerOpenApiDocument(strapi);

    // Purges to the cache tier (PURGE_ADAPTER) and, on PostgreSQL, the other instances' purge notifications (src/cache/runtime.ts).
    await cacheRuntime(strapi).start(createPurgeAdapter(purgeSettings(strapi)));
    subscribeFilePurges(strapi);

    // The demo content arrives by itself on an empty development database (`npm run develop`).
    const seedOnEmpty = readServerSettings(process.env).seedOnEmpty ?? strapi.config.get('environment') === 'development';
    if (seedOnEmpty && (await isEmpty(strapi))) {
      const report = await loadSeed(strapi, readSeed(seedDir(strapi)));
      strapi.log.info(`Seed loaded into the empty database: ${JSON.stringify({ ...report.created, translations: report.translations })}`);
    }
  },

  // Strapi closes the pool right after this: the entry events of the last writes must have run (src/operations/settle.ts).
  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await cacheRuntime(strapi).stop();
    await settleDatabaseWork(strapi);
  },
};
