/**
 * The reader API's response shapes, as a front-end receives them over HTTP (JSON, so every date is
 * an ISO-8601 string): aliases of ./openapi.ts, which openapi-typescript generates from the API's
 * OpenAPI document (../openapi.json, a snapshot of GET /api/openapi.json; `npm run openapi` in the
 * CMS refreshes both). Self-contained on purpose: copy this folder into a front-end and it compiles
 * without the CMS sources.
 *
 *   GET /api/articles/by-slug/:slug  ->  ArticlePageResponse  (or ApiErrorResponse)
 */
import type { components, operations } from './openapi';

type Schemas = components['schemas'];

// ---------------------------------------------------------------------------------------------
// Blocks rich text (Strapi 5 "blocks" field), as stored by the Blocks editor.
// ---------------------------------------------------------------------------------------------

/** A run of text with optional inline formatting. */
export interface TextNode {
  type: 'text';
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  code?: boolean;
}

/** An inline hyperlink; its children are the visible text. */
export interface LinkNode {
  type: 'link';
  url: string;
  children: TextNode[];
}

/** Nodes allowed inside paragraphs, headings, quotes and list items. */
export type InlineNode = TextNode | LinkNode;

export interface ParagraphBlock {
  type: 'paragraph';
  children: InlineNode[];
}

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

export interface HeadingBlock {
  type: 'heading';
  level: HeadingLevel;
  children: InlineNode[];
}

export interface QuoteBlock {
  type: 'quote';
  children: InlineNode[];
}

export interface ListItemBlock {
  type: 'list-item';
  children: InlineNode[];
}

/** A list; a nested list appears as a `list` child (with a higher `indentLevel`) after its parent item. */
export interface ListBlock {
  type: 'list';
  format: 'ordered' | 'unordered';
  indentLevel?: number;
  children: Array<ListItemBlock | ListBlock>;
}

/** The media-library file embedded in an image block (more fields may be present). */
export interface BlockImage {
  url: string;
  alternativeText?: string | null;
  width?: number | null;
  height?: number | null;
  name?: string;
  caption?: string | null;
  formats?: Record<string, unknown> | null;
  hash?: string;
  ext?: string;
  mime?: string;
  size?: number;
  previewUrl?: string | null;
  provider?: string;
  provider_metadata?: unknown;
  [key: string]: unknown;
}

export interface ImageBlock {
  type: 'image';
  image: BlockImage;
  /** The editor stores a single empty text node here. */
  children: TextNode[];
}

export interface CodeBlock {
  type: 'code';
  language?: string;
  children: TextNode[];
}

/** A top-level block, i.e. an element of a blocks field's array value. */
export type RootBlock = ParagraphBlock | HeadingBlock | QuoteBlock | ListBlock | ImageBlock | CodeBlock;

/** The value of a blocks field. */
export type BlocksContent = RootBlock[];

// ---------------------------------------------------------------------------------------------
// The article page (generated from the OpenAPI document).
// ---------------------------------------------------------------------------------------------

export type SectionRef = Schemas['SectionRef'];
/** A media-library file. Relative `url`s (`/uploads/...`) are relative to the API's origin. */
export type ImageRef = Schemas['ImageRef'];
export type Seo = Schemas['Seo'];
/** The "Last update" line, already formatted in the newsroom's time zone and date pattern. */
export type LastUpdate = Schemas['LastUpdate'];
/** A public correction of the article: when (ISO instant) and what; the page lists them oldest first. */
export type Correction = Schemas['Correction'];
/** One entry of a "More from" list: already chosen, ordered, headlined and summarised by the API. */
export type MoreFromItem = Schemas['MoreFromItem'];
export type MoreFrom = Schemas['MoreFrom'];
/** Everything a front-end needs to render one article page; the document types `body` loosely, the blocks above say what it holds. */
export type ArticlePage = Omit<Schemas['ArticlePage'], 'body'> & { body: BlocksContent };

/** One published language version of an article page (the page itself included), as the API lists them. */
export interface PageAlternate {
  /** The version's locale code (`en`, `de`, `pt-BR`). */
  locale: string;
  /** Its slug, in its own locale. */
  slug: string;
  /** Its address on the public site (PUBLIC_SITE_URL), or null when the CMS has none. */
  url: string | null;
}

/**
 * An article page with the locale it is in and its language versions (issue 17). Both are optional here so
 * that this reader also renders pages of a CMS that does not send them (then: `lang` from the options, no alternates).
 */
export type LocalizedArticlePage = ArticlePage & { locale?: string; alternates?: PageAlternate[] };

export type ArticlePageResponse = Omit<operations['getArticlePage']['responses']['200']['content']['application/json'], 'data'> & { data: ArticlePage };

/** Strapi's error body, e.g. `{ status: 404, name: 'NotFoundError', message: '...' }`. */
export type ApiErrorResponse = Schemas['Error'];
export type ApiError = ApiErrorResponse['error'];
