/**
 * Server-side rendering of an article page from the reader API's response, with no dependencies.
 *
 * Everything the API sends is treated as untrusted text: it is HTML-escaped, and link targets are
 * limited to http(s), mailto and relative URLs. Unknown or malformed blocks are skipped rather
 * than breaking the page.
 */
import type { Correction, ImageRef, LocalizedArticlePage, MoreFrom, MoreFromItem, PageAlternate } from './types';

export interface RenderOptions {
  /** Where a "More from" item links to. Default: `/articles/<slug>` (slug URL-encoded). */
  articleHref?: (slug: string) => string;
  /**
   * Origin that relative media URLs (`/uploads/...`, as Strapi's local upload provider returns
   * them) are resolved against, e.g. the API's origin. Default: none, URLs are used as they are.
   */
  mediaBaseUrl?: string;
  /** `<html lang>` when the page does not say its locale. Default `en`. */
  lang?: string;
  /**
   * Where the page's language versions link to (`<link rel="alternate" hreflang>`): this site's address of the
   * version in `locale` with `slug`. Default: none, no alternates are rendered.
   */
  alternateHref?: (locale: string, slug: string) => string;
  /** The CMS's default locale (its NEWS_DEFAULT_LOCALE): its version is also `hreflang="x-default"`. Default: none. */
  defaultLocale?: string;
  /** Appended to the document title: `<title>Headline – Site</title>`. Default: none. */
  siteName?: string;
  /**
   * Render as a preview of this version: a visible "Preview — draft" (or "— published version")
   * banner above the article, and `<meta name="robots" content="noindex">`. Default: a normal page.
   */
  preview?: 'draft' | 'published';
}

// ---------------------------------------------------------------------------------------------
// Escaping and URLs
// ---------------------------------------------------------------------------------------------

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML content and in double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any other value is escaped as String() shows it
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * The URL as a browser would read it from an `href`, or null when it must not be linked: anything
 * with a scheme other than http, https or mailto (`javascript:`, `data:`, `vbscript:`, ...).
 * Relative URLs (`/path`, `path`, `#frag`, `?q`, `//host/path`) are allowed. Tabs and newlines
 * (which browsers drop, so `java\tscript:` is `javascript:`) are removed first; other control
 * characters make the URL unsafe.
 */
export function safeUrl(raw: unknown, allowedSchemes: ReadonlySet<string> = SAFE_SCHEMES): string | null {
  if (typeof raw !== 'string') return null;
  // What the URL parser does: strip leading/trailing C0 controls and spaces, drop tabs and newlines.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point, as the URL parser does
  const url = raw.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
  // eslint-disable-next-line no-control-regex -- a URL with a control character left in it is refused
  if (url === '' || /[\u0000-\u001F\u007F]/.test(url)) return null;
  const scheme = SCHEME.exec(url);
  if (scheme && !allowedSchemes.has(scheme[1].toLowerCase())) return null;
  return url;
}

const IMAGE_SCHEMES = new Set(['http', 'https']);

/** A media URL for `<img src>`: http(s) or relative, resolved against `mediaBaseUrl` when root-relative. */
function mediaUrl(raw: unknown, options: RenderOptions): string | null {
  const url = safeUrl(raw, IMAGE_SCHEMES);
  if (url === null) return null;
  if (options.mediaBaseUrl && url.startsWith('/') && !url.startsWith('//')) {
    return options.mediaBaseUrl.replace(/\/+$/, '') + url;
  }
  return url;
}

const defaultArticleHref = (slug: string) => `/articles/${encodeURIComponent(slug)}`;

/** What may not appear raw in a script element's JSON: `<` (`</script>`, `<!--`), `>`, `&`, and the JS line separators. */
const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * `value` as JSON that can sit inside `<script type="application/ld+json">` whatever its strings hold:
 * `<`, `>`, `&`, U+2028 and U+2029 are written as `\uXXXX` escapes, so no `</script>` or `<!--` in a
 * headline can end the element early, and the JSON parses back to exactly the same value.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.replace(SCRIPT_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------------------------

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const childrenOf = (node: Node): unknown[] => (Array.isArray(node.children) ? node.children : []);

/** Escaped text with line breaks as `<br>` (the editor stores Shift+Enter as "\n"). */
const textHtml = (text: string) => escapeHtml(text).replace(/\r\n?|\n/g, '<br>');

function renderText(node: Node): string {
  if (typeof node.text !== 'string' || node.text === '') return '';
  let html = textHtml(node.text);
  if (node.code === true) html = `<code>${html}</code>`;
  if (node.strikethrough === true) html = `<s>${html}</s>`;
  if (node.underline === true) html = `<u>${html}</u>`;
  if (node.italic === true) html = `<em>${html}</em>`;
  if (node.bold === true) html = `<strong>${html}</strong>`;
  return html;
}

/** Inline content: text runs and links. A link never nests another link. */
function renderInline(nodes: unknown[], insideLink = false): string {
  let html = '';
  for (const node of nodes) {
    if (!isNode(node)) continue;
    if (node.type === 'text') {
      html += renderText(node);
    } else if (node.type === 'link') {
      const inner = renderInline(childrenOf(node), true);
      const href = insideLink ? null : safeUrl(node.url);
      html += href === null ? inner : `<a href="${escapeHtml(href)}">${inner}</a>`;
    }
  }
  return html;
}

/** True when inline content has something to show (a paragraph of spaces is an editor's stray line). */
function hasVisibleText(nodes: unknown[]): boolean {
  return nodes.some((node) =>
    isNode(node) && node.type === 'text'
      ? typeof node.text === 'string' && /[^ \t\n\r\f]/.test(node.text)
      : isNode(node) && node.type === 'link' && hasVisibleText(childrenOf(node)),
  );
}

function renderList(node: Node, depth: number): string {
  // Lists nest at most this deep; deeper (malformed or hostile) content is dropped.
  if (depth > 16) return '';
  const tag = node.format === 'ordered' ? 'ol' : 'ul';
  const items: string[] = [];
  for (const child of childrenOf(node)) {
    if (!isNode(child)) continue;
    if (child.type === 'list-item') {
      items.push(renderInline(childrenOf(child)));
    } else if (child.type === 'list') {
      // A nested list belongs inside the item before it (HTML allows lists only in <li>).
      const nested = renderList(child, depth + 1);
      if (nested === '') continue;
      if (items.length === 0) items.push(nested);
      else items[items.length - 1] += nested;
    }
  }
  if (items.length === 0) return '';
  return `<${tag}>${items.map((item) => `<li>${item}</li>`).join('')}</${tag}>`;
}

const positiveInt = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null);

function renderImage(image: unknown, options: RenderOptions, className?: string): string {
  if (!isNode(image)) return '';
  const src = mediaUrl(image.url, options);
  if (src === null) return '';
  const width = positiveInt(image.width);
  const height = positiveInt(image.height);
  const alt = typeof image.alternativeText === 'string' ? image.alternativeText : '';
  const srcset = srcsetFor(image, options);
  const size = width && height ? ` width="${width}" height="${height}"` : '';
  const img = `<img src="${escapeHtml(src)}"${srcset}${size} alt="${escapeHtml(alt)}" loading="lazy">`;
  const caption = typeof image.caption === 'string' && image.caption.trim() !== '' ? `<figcaption>${escapeHtml(image.caption)}</figcaption>` : '';
  return `<figure${className ? ` class="${className}"` : ''}>${img}${caption}</figure>`;
}

/** `srcset` from the renditions the upload plugin made (each with a width), plus the original. */
function srcsetFor(image: Node, options: RenderOptions): string {
  if (!isNode(image.formats)) return '';
  const candidates: string[] = [];
  const seen = new Set<number>();
  const add = (url: unknown, width: unknown) => {
    const src = mediaUrl(url, options);
    const w = positiveInt(width);
    // A srcset URL must not contain whitespace or commas at its ends; skip anything unusual.
    if (src === null || w === null || seen.has(w) || /[\s,]/.test(src)) return;
    seen.add(w);
    candidates.push(`${src} ${w}w`);
  };
  for (const format of Object.values(image.formats)) if (isNode(format)) add(format.url, format.width);
  if (candidates.length === 0) return '';
  add(image.url, image.width);
  return ` srcset="${escapeHtml(candidates.join(', '))}"`;
}

function renderBlock(block: unknown, options: RenderOptions): string {
  if (!isNode(block)) return '';
  const children = childrenOf(block);
  switch (block.type) {
    case 'paragraph':
      return hasVisibleText(children) ? `<p>${renderInline(children)}</p>` : '';
    case 'heading': {
      if (!hasVisibleText(children)) return '';
      // The page's headline is the only <h1>: a level-1 heading in the body becomes <h2>.
      const level = typeof block.level === 'number' && Number.isInteger(block.level) ? Math.min(Math.max(block.level, 2), 6) : 2;
      return `<h${level}>${renderInline(children)}</h${level}>`;
    }
    case 'quote':
      return hasVisibleText(children) ? `<blockquote>${renderInline(children)}</blockquote>` : '';
    case 'list':
      return renderList(block, 0);
    case 'image':
      return renderImage(block.image, options);
    case 'code': {
      const code = children.map((child) => (isNode(child) && typeof child.text === 'string' ? child.text : '')).join('');
      if (code === '') return '';
      const language = typeof block.language === 'string' && /^[A-Za-z0-9_+#.-]{1,40}$/.test(block.language) ? block.language : null;
      return `<pre><code${language ? ` class="language-${language}"` : ''}>${escapeHtml(code)}</code></pre>`;
    }
    default:
      // A block type this renderer does not know (a newer editor feature): left out, never guessed at.
      return '';
  }
}

/** The HTML of a blocks body (an array of blocks); anything else renders as nothing. */
export function renderBlocks(body: unknown, options: RenderOptions = {}): string {
  if (!Array.isArray(body)) return '';
  return body
    .map((block) => renderBlock(block, options))
    .filter((html) => html !== '')
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// Page
// ---------------------------------------------------------------------------------------------

const nonBlank = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

const STYLE = `body{font:17px/1.55 Georgia,serif;margin:0 auto;max-width:42rem;padding:1rem;color:#111}
h1{font-size:2rem;line-height:1.2}blockquote{margin:1.2em 0;padding-left:1em;border-left:3px solid #999;font-style:italic}
figure{margin:1em 0}img{max-width:100%;height:auto}pre{overflow:auto;background:#f4f4f4;padding:.75em}
.byline,.last-update{color:#555}.more-from{border-top:1px solid #ccc;margin-top:2rem}
.more-from ul{list-style:none;padding:0}.more-from h3{font-size:1.1rem;margin:1em 0 .25em}.more-from p{margin:0}
.preview-banner{background:#fff3c4;border:1px solid #e0b400;padding:.4em .75em;font:600 15px/1.4 system-ui,sans-serif}`;

function documentHtml(head: { title: string; lang?: string; meta?: string }, body: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(head.lang ?? 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(head.title)}</title>`,
    ...(head.meta ? [head.meta] : []),
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderMoreFromItem(item: MoreFromItem, options: RenderOptions): string {
  const href = (options.articleHref ?? defaultArticleHref)(item.slug);
  const image = item.image ? renderTeaserImage(item.image, options) : '';
  const summary = nonBlank(item.summary) ? `<p>${escapeHtml(item.summary)}</p>` : '';
  return `<li>${image}<h3><a href="${escapeHtml(href)}">${escapeHtml(item.headline)}</a></h3>${summary}</li>`;
}

function renderTeaserImage(image: ImageRef, options: RenderOptions): string {
  // The smallest useful rendition; the headline next to it says what it shows, so alt may be ''.
  const formats = image.formats ?? {};
  const pick = formats.small ?? formats.thumbnail ?? null;
  const src = mediaUrl(pick?.url ?? image.url, options);
  if (src === null) return '';
  const width = positiveInt(pick ? pick.width : image.width);
  const height = positiveInt(pick ? pick.height : image.height);
  const size = width && height ? ` width="${width}" height="${height}"` : '';
  return `<img src="${escapeHtml(src)}"${size} alt="${escapeHtml(image.alternativeText ?? '')}" loading="lazy">`;
}

/** The "More from" aside, or '' when there is nothing to list. */
export function renderMoreFrom(moreFrom: MoreFrom | null | undefined, options: RenderOptions = {}): string {
  const items = Array.isArray(moreFrom?.items)
    ? moreFrom.items.filter((item) => isNode(item) && nonBlank(item.headline) && typeof item.slug === 'string' && item.slug !== '')
    : [];
  if (!moreFrom || items.length === 0) return '';
  const heading = nonBlank(moreFrom.title) ? `<h2 id="more-from-title">${escapeHtml(moreFrom.title)}</h2>\n` : '';
  const label = heading ? ' aria-labelledby="more-from-title"' : ' aria-label="More articles"';
  return `<aside class="more-from"${label}>\n${heading}<ul>\n${items.map((item) => renderMoreFromItem(item, options)).join('\n')}\n</ul>\n</aside>`;
}

/** A correction's time, e.g. "18 May 2016, 09:30", in the newsroom's zone (the page's "Last update" zone), or null when unreadable. */
function correctionTime(at: unknown, timeZone: string | undefined, lang: string | undefined): string | null {
  const instant = typeof at === 'string' ? new Date(at) : null;
  if (!instant || Number.isNaN(instant.getTime())) return null;
  const format = (zone: string | undefined) =>
    new Intl.DateTimeFormat(lang ?? 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(instant);
  try {
    return format(timeZone ?? 'UTC');
  } catch {
    return format('UTC'); // an unknown zone or locale: still a readable time
  }
}

/** The "Corrections" list (oldest first, as the API sends them), or '' when there are none. */
export function renderCorrections(corrections: readonly Correction[] | null | undefined, options: RenderOptions & { timeZone?: string } = {}): string {
  const items = (Array.isArray(corrections) ? corrections : []).flatMap((correction) => {
    if (!isNode(correction) || !nonBlank(correction.text)) return [];
    const time = correctionTime(correction.at, options.timeZone, options.lang);
    const stamp = time ? `<time datetime="${escapeHtml(correction.at)}">${escapeHtml(time)}</time>: ` : '';
    return [`<li>${stamp}${textHtml(correction.text)}</li>`];
  });
  if (items.length === 0) return '';
  return `<section class="corrections" aria-labelledby="corrections-title">\n<h2 id="corrections-title">Corrections</h2>\n<ul>\n${items.join('\n')}\n</ul>\n</section>`;
}

/** A locale code as the CMS gives them (`en`, `de`, `pt-BR`): anything else is not rendered. */
const LOCALE_CODE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;

/** The page's usable language versions: a locale code and a slug each, each locale once. */
function usableAlternates(alternates: unknown): PageAlternate[] {
  if (!Array.isArray(alternates)) return [];
  const seen = new Set<string>();
  return alternates.filter((alternate): alternate is PageAlternate => {
    if (!isNode(alternate) || typeof alternate.locale !== 'string' || !LOCALE_CODE.test(alternate.locale)) return false;
    if (typeof alternate.slug !== 'string' || alternate.slug === '' || seen.has(alternate.locale.toLowerCase())) return false;
    seen.add(alternate.locale.toLowerCase());
    return true;
  });
}

/**
 * `<link rel="alternate" hreflang>` for each language version of the page (itself included), and `x-default`
 * for the default locale's version when the page has one; none when the page has no other version.
 */
export function renderAlternateLinks(
  page: Pick<LocalizedArticlePage, 'alternates'>,
  options: Pick<RenderOptions, 'alternateHref' | 'defaultLocale'>,
): string[] {
  const href = options.alternateHref;
  const alternates = usableAlternates(page.alternates);
  if (!href || alternates.length < 2) return [];
  const link = (hreflang: string, alternate: PageAlternate) =>
    `<link rel="alternate" hreflang="${escapeHtml(hreflang)}" href="${escapeHtml(href(alternate.locale, alternate.slug))}">`;
  const links = alternates.map((alternate) => link(alternate.locale, alternate));
  const fallback = options.defaultLocale && alternates.find((alternate) => alternate.locale.toLowerCase() === options.defaultLocale!.toLowerCase());
  if (fallback) links.push(link('x-default', fallback));
  return links;
}

/** The page's `<html lang>`: its locale when it says one, else the options' language. */
const pageLang = (page: LocalizedArticlePage, options: RenderOptions) =>
  typeof page.locale === 'string' && LOCALE_CODE.test(page.locale) ? page.locale : options.lang;

/** A complete HTML5 document for an article page. */
export function renderArticlePage(page: LocalizedArticlePage, options: RenderOptions = {}): string {
  const title = nonBlank(page.seo?.metaTitle) ? page.seo.metaTitle : page.title;
  const meta: string[] = [];
  if (options.preview) meta.push('<meta name="robots" content="noindex">');
  if (nonBlank(page.seo?.metaDescription)) meta.push(`<meta name="description" content="${escapeHtml(page.seo.metaDescription)}">`);
  meta.push(`<meta property="og:title" content="${escapeHtml(title)}">`);
  const shareImage = page.seo?.shareImage ?? page.cover;
  const shareUrl = shareImage ? mediaUrl(shareImage.url, options) : null;
  if (shareUrl) meta.push(`<meta property="og:image" content="${escapeHtml(shareUrl)}">`);
  if (!options.preview) meta.push(...renderAlternateLinks(page, options));
  // schema.org NewsArticle for search engines, as the API built it (absolute URLs, dates, authors).
  // Its images are absolute when the CMS has PUBLIC_URL, else `/uploads/...`: resolved here like <img src>.
  if (isNode(page.structuredData)) {
    const images = Array.isArray(page.structuredData.image) ? page.structuredData.image.flatMap((url) => mediaUrl(url, options) ?? []) : undefined;
    const data = images ? { ...page.structuredData, image: images } : page.structuredData;
    meta.push(`<script type="application/ld+json">${jsonForScript(data)}</script>`);
  }

  const article: string[] = ['<article>', '<header>', `<h1>${escapeHtml(page.title)}</h1>`];
  if (nonBlank(page.byline)) article.push(`<p class="byline">${escapeHtml(page.byline)}</p>`);
  article.push('</header>');
  if (page.cover) {
    const cover = renderImage(page.cover, options, 'cover');
    if (cover) article.push(cover);
  }
  const body = renderBlocks(page.body, options);
  if (body) article.push(`<div class="body">\n${body}\n</div>`);
  const corrections = renderCorrections(page.corrections, { ...options, timeZone: page.lastUpdate?.timeZone });
  if (corrections) article.push(corrections);
  if (page.lastUpdate && nonBlank(page.lastUpdate.label)) {
    const datetime = nonBlank(page.lastUpdate.datetime) ? ` datetime="${escapeHtml(page.lastUpdate.datetime)}"` : '';
    article.push(`<p class="last-update"><time${datetime}>${escapeHtml(page.lastUpdate.label)}</time></p>`);
  }
  article.push('</article>');

  const aside = renderMoreFrom(page.moreFrom, options);
  const banner = options.preview
    ? [`<p class="preview-banner" role="status">${options.preview === 'draft' ? 'Preview \u2014 draft' : 'Preview \u2014 published version'}</p>`]
    : [];
  const main = ['<main>', ...banner, ...article, ...(aside ? [aside] : []), '</main>'].join('\n');
  const fullTitle = nonBlank(options.siteName) ? `${title} – ${options.siteName}` : title;
  return documentHtml({ title: fullTitle, lang: pageLang(page, options), meta: meta.join('\n') }, main);
}

/** A complete HTML5 error page (`<h1>` and one paragraph). */
export function renderErrorPage(heading: string, message: string, options: Pick<RenderOptions, 'lang' | 'siteName'> = {}): string {
  const fullTitle = nonBlank(options.siteName) ? `${heading} – ${options.siteName}` : heading;
  return documentHtml(
    { title: fullTitle, lang: options.lang, meta: '<meta name="robots" content="noindex">' },
    `<main>\n<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(message)}</p>\n</main>`,
  );
}

/** The page for an article that does not exist (or is not published). */
export function renderNotFound(options: Pick<RenderOptions, 'lang' | 'siteName'> = {}): string {
  return renderErrorPage('Page not found', 'There is no article at this address. It may have been moved or unpublished.', options);
}

/** The page shown when the news API cannot be reached or answers with an error. */
export function renderUnavailable(options: Pick<RenderOptions, 'lang' | 'siteName'> = {}): string {
  return renderErrorPage('Temporarily unavailable', 'The news service cannot be reached right now. Please try again in a moment.', options);
}
