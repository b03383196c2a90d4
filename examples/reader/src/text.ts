/**
 * The visible text of an HTML page, as lines: a quick, dependency-free way to check what a reader
 * sees (in tests, or by hand) without a browser.
 *
 * Rules, close to what a browser shows with default styles:
 * - each block element (p, h1-h6, li, blockquote, figcaption, div, ...) starts and ends a line,
 *   and so does `<br>`;
 * - the contents of `<head>`, `<script>`, `<style>`, `<template>`, `<noscript>` and of elements with
 *   the `hidden` attribute are not shown; images contribute nothing (their alt text is not visible);
 * - character references are decoded (`&amp;`, `&#39;`, `&#x2019;`, `&nbsp;`, ...);
 * - runs of HTML whitespace (space, tab, CR, LF, FF) collapse to one space and are trimmed from the
 *   ends of a line; no-break spaces (U+00A0, also from `&nbsp;`) and other Unicode spaces are kept
 *   exactly as they are, as a browser does;
 * - inside `<pre>` whitespace is kept and each source line is a line;
 * - empty lines are dropped.
 *
 * It is not a full HTML parser: it assumes well-formed markup such as `renderArticlePage` produces.
 */

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
/** Elements whose content is never shown. */
const HIDDEN = new Set(['head', 'script', 'style', 'template', 'noscript', 'title']);
/** Elements whose content is raw text: the first matching end tag closes them. */
const RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'template', 'noscript']);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  hellip: '\u2026',
  mdash: '\u2014',
  ndash: '\u2013',
  lsquo: '\u2018',
  rsquo: '\u2019',
  sbquo: '\u201A',
  ldquo: '\u201C',
  rdquo: '\u201D',
  bdquo: '\u201E',
  laquo: '\u00AB',
  raquo: '\u00BB',
  lsaquo: '\u2039',
  rsaquo: '\u203A',
  copy: '\u00A9',
  reg: '\u00AE',
  trade: '\u2122',
  euro: '\u20AC',
  pound: '\u00A3',
  yen: '\u00A5',
  cent: '\u00A2',
  sect: '\u00A7',
  para: '\u00B6',
  deg: '\u00B0',
  plusmn: '\u00B1',
  times: '\u00D7',
  divide: '\u00F7',
  middot: '\u00B7',
  bull: '\u2022',
  shy: '\u00AD',
  iexcl: '\u00A1',
  iquest: '\u00BF',
  auml: '\u00E4',
  ouml: '\u00F6',
  uuml: '\u00FC',
  Auml: '\u00C4',
  Ouml: '\u00D6',
  Uuml: '\u00DC',
  szlig: '\u00DF',
  eacute: '\u00E9',
  egrave: '\u00E8',
  agrave: '\u00E0',
  aacute: '\u00E1',
  ccedil: '\u00E7',
  ntilde: '\u00F1',
};

function codePointToString(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(code);
}

/** Decodes character references; unknown named references are left as they are. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (match, dec, hex, name) => {
    if (dec !== undefined) return codePointToString(Number.parseInt(dec, 10));
    if (hex !== undefined) return codePointToString(Number.parseInt(hex, 16));
    return Object.prototype.hasOwnProperty.call(NAMED, name) && match.endsWith(';') ? NAMED[name] : match;
  });
}

const HTML_SPACE_RUN = /[ \t\n\r\f]+/g;
const HTML_SPACE_EDGES = /^[ \t\n\r\f]+|[ \t\n\r\f]+$/g;

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  /** Has the `hidden` attribute (with or without a value). */
  hidden: boolean;
  /** Index just after the tag's `>`. */
  end: number;
}

const TAG_NAME = /<(\/?)([A-Za-z][A-Za-z0-9-]*)/y;
const ATTRIBUTE = /[\s/]*([^\s/>][^\s/>=]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?/y;

/** Reads the tag starting at `html[start] === '<'`, or null when it is not a tag (then `<` is text). */
function readTag(html: string, start: number): Tag | null {
  TAG_NAME.lastIndex = start;
  const head = TAG_NAME.exec(html);
  if (!head) return null;
  let i = TAG_NAME.lastIndex;
  let hidden = false;
  for (;;) {
    ATTRIBUTE.lastIndex = i;
    const attribute = ATTRIBUTE.exec(html);
    if (!attribute || attribute[0] === '') break;
    if (attribute[1].toLowerCase() === 'hidden') hidden = true;
    i = ATTRIBUTE.lastIndex;
  }
  const rest = /\s*(\/?)\s*>/y;
  rest.lastIndex = i;
  const close = rest.exec(html);
  if (!close) {
    // Unterminated tag: the rest of the document is inside it.
    return { name: head[2].toLowerCase(), closing: head[1] === '/', selfClosing: false, hidden, end: html.length };
  }
  return { name: head[2].toLowerCase(), closing: head[1] === '/', selfClosing: close[1] === '/', hidden, end: rest.lastIndex };
}

/** Index of the end tag `</name` at or after `from` (case-insensitive), or -1. */
function findEndTag(html: string, name: string, from: number): number {
  const pattern = new RegExp(`</${name}(?![A-Za-z0-9-])`, 'ig');
  pattern.lastIndex = from;
  return pattern.exec(html)?.index ?? -1;
}

/** The visible text of `html`, one line per block (see the module comment for the exact rules). */
export function visibleText(html: string): string[] {
  const lines: string[] = [];
  let current = '';
  let pre = 0;
  /** Open elements whose content is hidden, innermost last (a hidden element's children are hidden too). */
  const hiddenStack: string[] = [];

  const flush = () => {
    if (pre > 0) {
      for (const line of current.split(/\r\n?|\n/)) if (line.trim() !== '') lines.push(line);
    } else {
      const line = current.replace(HTML_SPACE_RUN, ' ').replace(HTML_SPACE_EDGES, '');
      if (line !== '') lines.push(line);
    }
    current = '';
  };

  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > i) {
      if (hiddenStack.length === 0) current += decodeEntities(html.slice(i, textEnd));
      i = textEnd;
      continue;
    }
    // html[i] === '<'
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    if (html.startsWith('<!', i) || html.startsWith('<?', i)) {
      const close = html.indexOf('>', i);
      i = close === -1 ? html.length : close + 1;
      continue;
    }
    const tag = readTag(html, i);
    if (!tag) {
      if (hiddenStack.length === 0) current += '<';
      i += 1;
      continue;
    }
    i = tag.end;

    if (tag.closing) {
      const open = hiddenStack.lastIndexOf(tag.name);
      if (open !== -1) {
        hiddenStack.length = open;
        if (open === 0 && BLOCK.has(tag.name)) flush();
        continue;
      }
      if (hiddenStack.length > 0) continue;
      if (BLOCK.has(tag.name)) flush();
      if (tag.name === 'pre' && pre > 0) pre -= 1;
      continue;
    }

    if (RAW_TEXT.has(tag.name) && !tag.selfClosing) {
      // Skip to the matching end tag: raw text may contain '<' that is not markup.
      const close = findEndTag(html, tag.name, i);
      const contentEnd = close === -1 ? html.length : close;
      if (!HIDDEN.has(tag.name) && hiddenStack.length === 0 && !tag.hidden) current += decodeEntities(html.slice(i, contentEnd));
      const gt = close === -1 ? -1 : html.indexOf('>', close);
      i = gt === -1 ? html.length : gt + 1;
      continue;
    }
    if (hiddenStack.length > 0) {
      if (!VOID.has(tag.name) && !tag.selfClosing) hiddenStack.push(tag.name);
      continue;
    }
    if (HIDDEN.has(tag.name) || tag.hidden) {
      if (BLOCK.has(tag.name)) flush();
      if (!VOID.has(tag.name) && !tag.selfClosing) hiddenStack.push(tag.name);
      continue;
    }
    if (tag.name === 'br' || BLOCK.has(tag.name)) flush();
    if (tag.name === 'pre') {
      pre += 1;
      // The HTML parser drops one newline right after <pre>.
      if (html[i] === '\n') i += 1;
      else if (html.startsWith('\r\n', i)) i += 2;
    }
  }
  flush();
  return lines;
}
