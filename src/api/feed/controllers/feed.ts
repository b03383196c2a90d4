import { Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { checkRouteQuery } from '../../../query-contract/routes';
import { recordTags } from '../../../cache/record';
import { typeTag } from '../../../cache/tags';
import { ARTICLE, SECTION } from '../../../visibility/definition';
import { FILE } from '../../../reader/names';
import { matchesIfNoneMatch } from '../../../middlewares/reader-cache';
import { readerLocale } from '../../../locales';
import {
  addressesFor,
  feedDocument,
  newsSitemap,
  sectionsSitemap,
  sitemapIndex,
  sitemapPage,
  sitemapPageCount,
  sitemapTag,
  type Addresses,
  type FeedFormat,
} from '../../../distribution/service';

interface Ctx {
  path: string;
  res: { destroy(): void };
  query: Record<string, unknown>;
  params: Record<string, string | undefined>;
  origin: string;
  status: number;
  type: string;
  body: unknown;
  get(field: string): string;
  set(field: string, value: string): void;
}

const XML = 'application/xml; charset=utf-8';
/** Feeds and sitemaps list the newest or all articles with their sections and images: any change of one may change them. */
const LISTS_EVERYTHING = [typeTag(ARTICLE), typeTag(SECTION), typeTag(FILE)];
/** A sitemap page number: 1 to 999,999 without leading zeros (one URL per page). */
const PAGE = /^[1-9]\d{0,5}$/;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The addresses of the request's locale (`?locale=`, a 400 for one not offered); the query checked against `route`'s contract first. */
  async function addresses(ctx: Ctx, route: 'feed' | 'sitemap'): Promise<Addresses> {
    checkRouteQuery(ctx.query, route);
    return addressesFor(strapi, ctx.origin, await readerLocale(strapi, ctx.query.locale));
  }

  async function feed(ctx: Ctx, section: boolean, format: FeedFormat) {
    const where = await addresses(ctx, 'feed');
    recordTags(strapi, ...LISTS_EVERYTHING);
    const slug = section ? String(ctx.params.slug) : null;
    const document = await feedDocument(strapi, where, slug, format);
    ctx.type = document.type;
    ctx.body = document.body;
  }

  /**
   * Sends a sitemap whose ETag is computed from what it shows (not from its bytes, which are streamed):
   * a 304 costs a few aggregates, never the document.
   */
  async function sitemap(ctx: Ctx, where: Addresses, what: string, build: (addresses: Addresses) => Promise<unknown>) {
    recordTags(strapi, ...LISTS_EVERYTHING);
    const tag = await sitemapTag(strapi, where, what);
    if (matchesIfNoneMatch(ctx.get('If-None-Match'), tag)) {
      ctx.set('ETag', tag);
      ctx.status = 304;
      return;
    }
    const body = await build(where);
    if (body instanceof Readable) {
      // Once the first bytes are out, a failing read (a lost connection, the statement deadline) cannot
      // become an error answer: the connection is cut, so the client sees a broken transfer, not a hang.
      body.once('error', (error) => {
        strapi.log.error(`${ctx.path}: the sitemap stopped while streaming: ${error.message}`);
        ctx.res.destroy();
      });
    }
    ctx.set('ETag', tag);
    ctx.type = XML;
    ctx.body = body;
  }

  return {
    /** GET /api/feed.xml */
    rss: (ctx: Ctx) => feed(ctx, false, 'rss'),
    /** GET /api/feed.json */
    json: (ctx: Ctx) => feed(ctx, false, 'json'),
    /** GET /api/sections/:slug/feed.xml */
    sectionRss: (ctx: Ctx) => feed(ctx, true, 'rss'),
    /** GET /api/sections/:slug/feed.json */
    sectionJson: (ctx: Ctx) => feed(ctx, true, 'json'),
    /** GET /api/sitemap.xml: every locale's sitemaps; with `?locale=`, that locale's only */
    async sitemapIndex(ctx: Ctx) {
      const where = await addresses(ctx, 'sitemap');
      const only = ctx.query.locale === undefined || ctx.query.locale === '' ? null : where.locale;
      await sitemap(ctx, where, `index-${only ?? '*'}`, (found) => sitemapIndex(strapi, found, only));
    },
    /** GET /api/sitemaps/sections.xml */
    sectionsSitemap: async (ctx: Ctx) => sitemap(ctx, await addresses(ctx, 'sitemap'), 'sections', (found) => sectionsSitemap(strapi, found)),
    /** GET /api/sitemaps/articles/:page.xml */
    async articlesSitemap(ctx: Ctx) {
      const where = await addresses(ctx, 'sitemap');
      const raw = String(ctx.params.page);
      if (!PAGE.test(raw)) throw new errors.ValidationError(`page: must be a sitemap page number from 1 (got ${JSON.stringify(raw.slice(0, 20))})`);
      const page = Number(raw);
      const pages = await sitemapPageCount(strapi, where);
      if (page > pages) {
        throw new errors.NotFoundError(`The sitemap of locale ${where.locale} has ${pages} article page${pages === 1 ? '' : 's'}; there is no page ${page}`);
      }
      await sitemap(ctx, where, `articles-${page}`, (found) => Promise.resolve(sitemapPage(strapi, found, page)));
    },
    /** GET /api/sitemaps/news.xml (its window moves with the clock, so its ETag is over its bytes, by the reader cache) */
    async newsSitemap(ctx: Ctx) {
      const where = await addresses(ctx, 'sitemap');
      ctx.type = XML;
      ctx.body = await newsSitemap(strapi, where);
    },
  };
};
