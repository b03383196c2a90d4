/**
 * "More from <Section>": the list of promoted and latest articles shown under an article.
 * Pure assembly; the queries that feed it live in src/reader/more-from.ts.
 */
import { summaryFor } from './excerpt';
import { DEFAULT_MORE_FROM_TITLE, moreFromTitleIn, type LocaleWords } from '../settings/locales';

export interface SectionRef {
  name: string;
  slug: string;
}

export interface ImageRef {
  url: string;
  alternativeText: string | null;
  caption: string | null;
  width: number | null;
  height: number | null;
  mime: string | null;
  formats: Record<string, { url: string; width: number | null; height: number | null }> | null;
}

/** A published article as far as a "More from" item needs it. */
export interface CandidateArticle {
  documentId: string;
  slug: string;
  title: string;
  body: unknown;
  publicationDate: string | null;
  publishedAt: string | null;
  cover: ImageRef | null;
  section: SectionRef | null;
}

/** An active teaser, already ordered by position then newest article. */
export interface CandidateTeaser {
  headline: string | null;
  summary: string | null;
  image: ImageRef | null;
  article: CandidateArticle;
}

export interface MoreFromItem {
  documentId: string;
  slug: string;
  headline: string;
  summary: string;
  image: ImageRef | null;
  publishedAt: string | null;
  section: SectionRef | null;
}

export interface MoreFrom {
  title: string;
  /** Null only for an article whose section was deleted. */
  section: SectionRef | null;
  items: MoreFromItem[];
}

/** "More from <Section>" in a locale's words (MORE_FROM_TITLE of NEWS_LOCALE_<TAG>_*; English when not given). */
export const moreFromTitle = (section: SectionRef, words: Pick<LocaleWords, 'moreFromTitle'> = { moreFromTitle: DEFAULT_MORE_FROM_TITLE }) =>
  moreFromTitleIn(words, section.name);

const nonBlank = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

function itemFor(article: CandidateArticle, teaser?: CandidateTeaser): MoreFromItem {
  return {
    documentId: article.documentId,
    slug: article.slug,
    headline: nonBlank(teaser?.headline) ? teaser.headline.trim() : article.title,
    summary: summaryFor(teaser?.summary, article.body),
    image: teaser?.image ?? article.cover,
    publishedAt: article.publicationDate ?? article.publishedAt,
    section: article.section,
  };
}

/**
 * Teasers first (in the order given), then the latest articles; each article once, never the
 * excluded one, at most `limit` items.
 */
export function assembleMoreFrom(input: {
  section: SectionRef;
  teasers: readonly CandidateTeaser[];
  latest: readonly CandidateArticle[];
  excludeDocumentId?: string | null;
  limit: number;
  /** The words of the page's locale, for the title. */
  words?: Pick<LocaleWords, 'moreFromTitle'>;
}): MoreFrom {
  const seen = new Set<string>(input.excludeDocumentId ? [input.excludeDocumentId] : []);
  const items: MoreFromItem[] = [];
  const take = (article: CandidateArticle, teaser?: CandidateTeaser) => {
    if (items.length >= input.limit || seen.has(article.documentId)) return;
    seen.add(article.documentId);
    items.push(itemFor(article, teaser));
  };
  for (const teaser of input.teasers) take(teaser.article, teaser);
  for (const article of input.latest) take(article);
  return { title: moreFromTitle(input.section, input.words), section: input.section, items };
}
