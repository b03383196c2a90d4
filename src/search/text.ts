/**
 * The text of an article as the search index holds it. Framework-free.
 *
 * Blocks (paragraphs, headings, list items, quotes, code) are separated by a line break, so that the last
 * word of one and the first of the next stay two words; inline runs (bold, links) are joined as written, so
 * that a word formatted in part stays one word. The two characters that mark matches in snippets are
 * removed, as are control characters other than line breaks and tabs: a snippet can then be escaped and
 * its marks turned into HTML without ambiguity (src/search/snippet.ts).
 */

/** Start and end of a match in a snippet (Unicode private use: never in the indexed text). */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/**
 * PostgreSQL's text search parser reads `<…>` as markup: it leaves such tags out of the tsvector and out of
 * ts_headline's output, so `<script>` in an article's text would vanish from its snippet (and `<b>` from what
 * can be found). Its index text has them replaced by two other private-use characters, which the parser takes
 * for spaces; snippets turn them back before escaping.
 */
export const SHIELDED_LT = '\uE002';
export const SHIELDED_GT = '\uE003';

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const REMOVED = /[\uE000-\uE003\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export const shieldTags = (text: string): string => text.replace(/</g, SHIELDED_LT).replace(/>/g, SHIELDED_GT);
export const unshieldTags = (text: string): string => text.replace(/\uE002/g, '<').replace(/\uE003/g, '>');

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const INLINE = new Set(['text', 'link']);

/** Cleans a string for the index (marks and control characters out). */
export const indexable = (text: string): string => text.replace(REMOVED, '');

/**
 * The words of a blocks body in document order, one line per block. Robust to malformed input (anything
 * that is not a node is skipped) and to deep nesting (no recursion).
 */
export function searchText(body: unknown): string {
  const lines: string[] = [];
  let line = '';
  const seen = new WeakSet<object>();
  // A stack of nodes to visit; `null` marks the end of a block (the line is cut there).
  const stack: unknown[] = [body];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null) {
      if (line.trim() !== '') lines.push(line.trim());
      line = '';
      continue;
    }
    if (!isObject(node) || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i -= 1) stack.push(node[i]);
      continue;
    }
    if (node.type === 'text') {
      if (typeof node.text === 'string') line += node.text;
      continue;
    }
    const children = Array.isArray(node.children) ? node.children : [];
    const block = !INLINE.has(String(node.type));
    if (block) stack.push(null);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]);
    if (block) stack.push(null);
  }
  if (line.trim() !== '') lines.push(line.trim());
  return indexable(lines.join('\n'));
}
