/**
 * Types and helpers for Strapi 5 "blocks" rich text (the JSON produced by the
 * Blocks editor and returned by the REST / GraphQL APIs for `type: 'blocks'`).
 *
 * Framework-free: nothing here imports Strapi.
 */

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

/** A list; nested lists appear as `list` children (with a higher `indentLevel`). */
export interface ListBlock {
  type: 'list';
  format: 'ordered' | 'unordered';
  indentLevel?: number;
  children: Array<ListItemBlock | ListBlock>;
}

/** The media-library file embedded in an image block. */
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

/** Any node that can occur in a blocks document. */
export type BlockNode = RootBlock | ListItemBlock | InlineNode;

/** The value of a blocks field. */
export type BlocksContent = RootBlock[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Concatenated text of every descendant text node (`type: 'text'` with a string
 * `text`) in document order, with no separators added between nodes or blocks.
 *
 * Accepts a single node or an array of nodes (e.g. a whole blocks field).
 * Robust to malformed input: non-objects, nodes without `children`, non-array
 * `children`, non-string `text` and cycles are ignored. Never throws (if reading
 * the input itself throws, e.g. a hostile getter, the text collected so far is
 * returned).
 */
export function plainText(node: unknown): string {
  const parts: string[] = [];
  const seen = new WeakSet<object>();
  // Explicit stack instead of recursion: deep nesting cannot overflow the call stack.
  const stack: unknown[] = [node];
  try {
    while (stack.length > 0) {
      const current = stack.pop();
      if (!isObject(current) || seen.has(current)) continue;
      seen.add(current);
      if (Array.isArray(current)) {
        for (let i = current.length - 1; i >= 0; i -= 1) stack.push(current[i]);
        continue;
      }
      if (current.type === 'text') {
        if (typeof current.text === 'string') parts.push(current.text);
        continue;
      }
      const children = current.children;
      if (Array.isArray(children)) {
        for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
      }
    }
  } catch {
    // Fall through with whatever was collected.
  }
  return parts.join('');
}
