/**
 * An article's blocks body as HTML for feed readers (RSS `content:encoded`, JSON Feed `content_html`).
 * The body is editor data: every text is escaped, only safe link targets survive, and a node this renderer does
 * not know or cannot read is left out instead of failing the whole feed.
 */
import { xmlSafe } from './xml-text';

/** What the body renderer needs to know of the outside world. */
export interface BodyHtmlOptions {
  /** A stored media URL (`/uploads/x.jpg`) made absolute. */
  mediaUrl(url: string): string;
  /** The public site's address: when given, relative links are made absolute against it (a feed reader has no page to resolve them against). */
  linkBase?: string;
}

/** Deeper nesting than any editor produces: beyond it, nodes are skipped (no stack overflow on hostile data). */
const MAX_DEPTH = 32;

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with `& < > " '` escaped, for HTML text and attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

type BlockObject = Record<string, unknown>;

function isNode(value: unknown): value is BlockObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childrenOf(node: BlockObject): unknown[] {
  return Array.isArray(node.children) ? node.children : [];
}

/**
 * The link target when it is http(s), mailto or relative (checked as a browser parses it: `java\nscript:` is
 * javascript), resolved against `base` when there is one; else null.
 */
function safeHref(url: unknown, base: string | undefined): string | null {
  if (typeof url !== 'string' || url.trim() === '') return null;
  try {
    const parsed = new URL(url, base ?? 'http://relative.invalid/');
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:' && parsed.protocol !== 'mailto:') return null;
    return base === undefined ? url.trim() : parsed.href;
  } catch {
    return null;
  }
}

/** An absolute http(s) URL, or null. */
function absoluteHttp(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const MARKS: ReadonlyArray<readonly [mark: string, tag: string]> = [
  ['code', 'code'],
  ['strikethrough', 's'],
  ['underline', 'u'],
  ['italic', 'em'],
  ['bold', 'strong'],
];

function renderText(node: BlockObject): string {
  if (typeof node.text !== 'string') return '';
  let html = escapeHtml(node.text).replace(/\r\n|\r|\n/g, '<br>');
  for (const [mark, tag] of MARKS) if (node[mark] === true) html = `<${tag}>${html}</${tag}>`;
  return html;
}

function renderInline(children: unknown[], options: BodyHtmlOptions): string {
  return children
    .map((child) => {
      if (!isNode(child)) return '';
      if (child.type === 'text') return renderText(child);
      if (child.type !== 'link') return '';
      const text = renderInline(
        childrenOf(child).filter((grandchild) => isNode(grandchild) && grandchild.type === 'text'),
        options,
      );
      const href = safeHref(child.url, options.linkBase);
      return href === null ? text : `<a href="${escapeHtml(href)}">${text}</a>`;
    })
    .join('');
}

function renderList(node: BlockObject, depth: number, options: BodyHtmlOptions): string {
  const tag = node.format === 'ordered' ? 'ol' : 'ul';
  const items: string[] = [];
  for (const child of childrenOf(node)) {
    if (!isNode(child)) continue;
    if (child.type === 'list-item') items.push(renderInline(childrenOf(child), options));
    else if (child.type === 'list' && depth < MAX_DEPTH) {
      // Strapi stores a nested list as the sibling after its item; HTML wants it inside that item.
      const nested = renderList(child, depth + 1, options);
      if (items.length > 0) items[items.length - 1] += nested;
      else items.push(nested);
    }
  }
  return `<${tag}>${items.map((item) => `<li>${item}</li>`).join('')}</${tag}>`;
}

function renderImage(node: BlockObject, options: BodyHtmlOptions): string {
  const image = node.image;
  if (!isNode(image) || typeof image.url !== 'string') return '';
  let src: string | null;
  try {
    src = absoluteHttp(options.mediaUrl(image.url));
  } catch {
    src = null;
  }
  if (src === null) return '';
  const alt = typeof image.alternativeText === 'string' ? image.alternativeText : '';
  let attributes = `src="${escapeHtml(src)}" alt="${escapeHtml(alt)}"`;
  for (const size of ['width', 'height'] as const) {
    const value = image[size];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) attributes += ` ${size}="${value}"`;
  }
  const caption = typeof image.caption === 'string' && image.caption.trim() !== '' ? `<figcaption>${escapeHtml(image.caption)}</figcaption>` : '';
  return `<figure><img ${attributes}>${caption}</figure>`;
}

function renderBlock(block: unknown, options: BodyHtmlOptions): string {
  if (!isNode(block)) return '';
  switch (block.type) {
    case 'paragraph':
      return `<p>${renderInline(childrenOf(block), options)}</p>`;
    case 'heading': {
      const level = block.level;
      if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 6) return '';
      return `<h${level}>${renderInline(childrenOf(block), options)}</h${level}>`;
    }
    case 'quote':
      return `<blockquote>${renderInline(childrenOf(block), options)}</blockquote>`;
    case 'list':
      return renderList(block, 1, options);
    case 'image':
      return renderImage(block, options);
    case 'code': {
      const code = childrenOf(block)
        .map((child) => (isNode(child) && typeof child.text === 'string' ? child.text : ''))
        .join('');
      return `<pre><code>${escapeHtml(code)}</code></pre>`;
    }
    default:
      return '';
  }
}

/**
 * The article body as the HTML feed readers show: paragraphs, headings, quotes, (nested) lists, images with
 * absolute addresses and code, with bold/italic/underline/strikethrough/code text and links. Text is escaped,
 * links other than http(s), mailto and relative ones (made absolute when `options.linkBase` is set) lose their link (their text stays), newlines in a text
 * become `<br>`, and anything unknown or malformed is left out. Never throws.
 */
export function blocksToHtml(body: unknown, options: BodyHtmlOptions): string {
  if (!Array.isArray(body)) return '';
  return xmlSafe(body.map((block) => renderBlock(block, options)).join(''));
}
