/**
 * Search over published articles: the one service behind `GET /api/search` and GraphQL `search`, same
 * validation, same values. Parameters are checked here (a 400 with a message naming the parameter); the
 * engines (src/search/engine.ts) get only what was checked.
 */
import type { Core } from '@strapi/strapi';
import { recordTags } from '../cache/record';
import { typeTag } from '../cache/tags';
import { ARTICLE, SECTION } from '../visibility/definition';
import { lastUpdateOf } from '../reader/article-page';
import { loadSectionBySlug } from '../reader/queries/sections';
import { loadSectionNodes, sectionSubtree } from '../reader/queries/distribution';
import type { LastUpdate } from '../newsroom/last-update';
import { newsSettings } from '../settings/news';
import { searchCounts, searchHits, searchSnippets, type SearchFilters } from './engine';
import { parseSearchQuery, SearchQueryError } from './query';
import { snippetHtml } from './snippet';
import { dateParam, integerParam, refuseParam as refuse, stringParam } from '../http/request-params';
import { readerLocale } from '../locales';

/** Hits per page: default and most. */
export const SEARCH_PAGE_SIZE = 10;
export const SEARCH_MAX_PAGE_SIZE = 50;
/** How deep a reader may page: the first 1,000 hits (a deeper page costs as much and nobody reads it). */
export const SEARCH_MAX_DEPTH = 1000;

/** The parameters as a client sends them (REST query strings, GraphQL arguments). */
export interface SearchRequest {
  q: unknown;
  /** A locale code; absent: NEWS_DEFAULT_LOCALE. */
  locale?: unknown;
  section?: unknown;
  from?: unknown;
  to?: unknown;
  page?: unknown;
  pageSize?: unknown;
}

export interface SearchHit {
  documentId: string;
  slug: string;
  title: string;
  section: { documentId: string; slug: string; name: string } | null;
  /** First publication (ISO). */
  publicationDate: string | null;
  lastUpdate: LastUpdate | null;
  /** Some of the body around the matches, as HTML: text escaped, matches in `<mark>`. */
  snippet: string;
}

export interface SearchResult {
  data: SearchHit[];
  meta: {
    /** The locale searched: its articles only, with its text-search language (src/search/languages.ts). */
    locale: string;
    pagination: { page: number; pageSize: number; pageCount: number; total: number };
    /** Matches per section (before paging), largest first; articles filed in no section are in `total` only. */
    sections: Array<{ documentId: string; slug: string; name: string; count: number }>;
  };
}

/** Searches the published articles of one locale; throws Strapi's ValidationError (400) for a bad parameter. */
export async function searchArticles(strapi: Core.Strapi, request: SearchRequest): Promise<SearchResult> {
  const locale = await readerLocale(strapi, stringParam(request.locale, 'locale'));
  const q = stringParam(request.q, 'q') ?? '';
  let parsed;
  try {
    parsed = parseSearchQuery(q);
  } catch (error) {
    if (error instanceof SearchQueryError) return refuse('q', error.message);
    throw error;
  }
  const pageSize = integerParam(request.pageSize, 'pageSize', SEARCH_PAGE_SIZE, SEARCH_MAX_PAGE_SIZE);
  const page = integerParam(request.page, 'page', 1, Math.floor(SEARCH_MAX_DEPTH / pageSize));
  const { timeZone } = newsSettings(strapi);
  const from = dateParam(stringParam(request.from, 'from'), 'from', timeZone);
  const to = dateParam(stringParam(request.to, 'to'), 'to', timeZone);
  if (from && to && from > to) refuse('to', 'to: must not be before from');

  // What a search shows depends on every article and section: any change may change it.
  recordTags(strapi, typeTag(ARTICLE), typeTag(SECTION));
  const filters: SearchFilters = { locale, sectionIds: null, from, to };
  const sectionSlug = stringParam(request.section, 'section');
  if (sectionSlug !== null && sectionSlug !== '') {
    const section = await loadSectionBySlug(strapi, sectionSlug, locale);
    if (!section) refuse('section', `section: no section has the slug ${JSON.stringify(sectionSlug.slice(0, 100))} in locale ${locale}`);
    filters.sectionIds = sectionSubtree(await loadSectionNodes(strapi), section!.id);
  }

  const now = new Date();
  const counts = await searchCounts(strapi, parsed, filters, now);
  const total = counts.reduce((sum, entry) => sum + entry.count, 0);
  const offset = (page - 1) * pageSize;
  const hits = total > offset ? await searchHits(strapi, parsed, filters, { offset, limit: pageSize }, now) : [];
  const snippets = await searchSnippets(
    strapi,
    parsed,
    locale,
    hits.map((hit) => hit.id),
  );
  return {
    data: hits.map((hit) => ({
      documentId: hit.documentId,
      slug: hit.slug,
      title: hit.title,
      section: hit.section,
      publicationDate: hit.publicationDate ?? hit.publishedAt,
      lastUpdate: lastUpdateOf(strapi, hit),
      snippet: snippetHtml(snippets.get(hit.id) ?? ''),
    })),
    meta: {
      locale,
      pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total },
      sections: counts.flatMap((entry) =>
        entry.documentId === null ? [] : [{ documentId: entry.documentId, slug: entry.slug ?? '', name: entry.name ?? '', count: entry.count }],
      ),
    },
  };
}
