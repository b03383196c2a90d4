/**
 * Search over published articles: the one service behind `GET /api/search` and GraphQL `search`, same
 * validation, same values. Parameters are checked here (a 400 with a message naming the parameter); the
 * engines (src/search/engine.ts) get only what was checked.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { TZDate } from '@date-fns/tz';
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

/** Hits per page: default and most. */
export const SEARCH_PAGE_SIZE = 10;
export const SEARCH_MAX_PAGE_SIZE = 50;
/** How deep a reader may page: the first 1,000 hits (a deeper page costs as much and nobody reads it). */
export const SEARCH_MAX_DEPTH = 1000;

/** The parameters as a client sends them (REST query strings, GraphQL arguments). */
export interface SearchRequest {
  q: unknown;
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
    pagination: { page: number; pageSize: number; pageCount: number; total: number };
    /** Matches per section (before paging), largest first; articles filed in no section are in `total` only. */
    sections: Array<{ documentId: string; slug: string; name: string; count: number }>;
  };
}

const refuse = (param: string, message: string): never => {
  throw new errors.ValidationError(message, { source: 'query', param, key: param, path: param });
};

export function stringParam(raw: unknown, param: string): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') return refuse(param, `${param}: must be one value (got ${JSON.stringify(raw).slice(0, 80)})`);
  return raw;
}

export function integerParam(raw: unknown, param: string, fallback: number, max: number): number {
  if (raw === undefined || raw === null) return fallback;
  const textValue = typeof raw === 'number' ? String(raw) : raw;
  if (typeof textValue !== 'string' || !/^[1-9]\d{0,5}$/.test(textValue) || Number(textValue) > max) {
    return refuse(param, `${param}: must be an integer from 1 to ${max} (got ${JSON.stringify(raw).slice(0, 40)})`);
  }
  return Number(textValue);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** True when year, month and day name a day of the calendar (years 1000 to 9999). */
function realDay(year: number, month: number, day: number): boolean {
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(2000, month, 0)).getUTCDate() - (month === 2 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) ? 1 : 0);
}

/**
 * A `from`/`to` bound: a day (`2016-05-17`, the whole day in the newsroom's time zone: `from` its start,
 * `to` its end) or an instant with its offset (`2016-05-17T21:42:00Z`). Days that do not exist (`2016-02-30`,
 * `T24:00`) are refused, never rolled over.
 */
export function dateParam(raw: string | null, param: 'from' | 'to', timeZone: string): Date | null {
  if (raw === null || raw === '') return null;
  const wrong = (): never =>
    refuse(
      param,
      `${param}: must be a date (2016-05-17) or a date and time with its offset (2016-05-17T21:42:00Z), years 1000 to 9999 (got ${JSON.stringify(raw.slice(0, 40))})`,
    );
  const day = DAY.exec(raw);
  if (day) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    if (!realDay(year, month, date)) return wrong();
    if (param === 'from') return new Date(new TZDate(year, month - 1, date, timeZone).getTime());
    return new Date(new TZDate(year, month - 1, date + 1, timeZone).getTime() - 1);
  }
  const instant = INSTANT.exec(raw);
  if (!instant) return wrong();
  const [year, month, date, hour, minute, second, offsetHours, offsetMinutes] = instant.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  if (!realDay(year, month, date) || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return wrong();
  const parsed = new Date(raw);
  return Number.isNaN(parsed.getTime()) ? wrong() : parsed;
}

/** Searches the published articles; throws Strapi's ValidationError (400) for a bad parameter. */
export async function searchArticles(strapi: Core.Strapi, request: SearchRequest): Promise<SearchResult> {
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
  const filters: SearchFilters = { sectionIds: null, from, to };
  const sectionSlug = stringParam(request.section, 'section');
  if (sectionSlug !== null && sectionSlug !== '') {
    const section = await loadSectionBySlug(strapi, sectionSlug);
    if (!section) refuse('section', `section: no section has the slug ${JSON.stringify(sectionSlug.slice(0, 100))}`);
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
      pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total },
      sections: counts.flatMap((entry) =>
        entry.documentId === null ? [] : [{ documentId: entry.documentId, slug: entry.slug ?? '', name: entry.name ?? '', count: entry.count }],
      ),
    },
  };
}
