/**
 * The reader API's response shapes, as a front-end receives them over HTTP (JSON, so every date is
 * an ISO-8601 string). Self-contained on purpose: copy this folder into a front-end and it compiles
 * without the CMS sources.
 *
 *   GET /api/articles/by-slug/:slug  ->  ArticlePageResponse  (or ApiErrorResponse)
 */

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
// The article page.
// ---------------------------------------------------------------------------------------------

export interface SectionRef {
  name: string;
  slug: string;
}

/** A media-library file. Relative `url`s (`/uploads/...`) are relative to the API's origin. */
export interface ImageRef {
  url: string;
  alternativeText: string | null;
  caption: string | null;
  width: number | null;
  height: number | null;
  mime: string | null;
  /** Smaller renditions (thumbnail, small, medium, large) when the upload plugin made them. */
  formats: Record<string, { url: string; width: number | null; height: number | null }> | null;
}

export interface Seo {
  metaTitle: string | null;
  metaDescription: string | null;
  shareImage: ImageRef | null;
}

/** The "Last update" line, already formatted in the newsroom's time zone and date pattern. */
export interface LastUpdate {
  /** ISO-8601 UTC instant, for `<time datetime>`. */
  datetime: string;
  /** The instant formatted for display, e.g. `Tue, 17/05/2016 - 19:42`. */
  formatted: string;
  /** The whole line: `Last update: <formatted>`. */
  label: string;
  /** The IANA zone `formatted` is expressed in. */
  timeZone: string;
}

/** One entry of a "More from" list: already chosen, ordered, headlined and summarised by the API. */
export interface MoreFromItem {
  documentId: string;
  slug: string;
  /** The teaser's headline when an editor wrote one, else the article's title. */
  headline: string;
  /** The teaser's summary, else an excerpt of the article's first paragraph (<= 120 characters); may be ''. */
  summary: string;
  image: ImageRef | null;
  publishedAt: string | null;
  section: SectionRef | null;
}

export interface MoreFrom {
  /** `More from <Section>`; '' when the article has no section (then `items` is empty too). */
  title: string;
  section: SectionRef | null;
  items: MoreFromItem[];
}

/** Everything a front-end needs to render one article page. */
export interface ArticlePage {
  documentId: string;
  title: string;
  slug: string;
  byline: string | null;
  body: BlocksContent;
  publishedAt: string | null;
  /** When the article was first published (editorial date); may differ from `publishedAt`. */
  publicationDate: string | null;
  section: SectionRef | null;
  cover: ImageRef | null;
  seo: Seo | null;
  lastUpdate: LastUpdate | null;
  moreFrom: MoreFrom;
}

export interface ArticlePageResponse {
  data: ArticlePage;
  meta: Record<string, unknown>;
}

/** Strapi's error body, e.g. `{ status: 404, name: 'NotFoundError', message: '...' }`. */
export interface ApiError {
  status: number;
  name: string;
  message: string;
  details?: unknown;
}

export interface ApiErrorResponse {
  data: null;
  error: ApiError;
}
