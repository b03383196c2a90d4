/**
 * A search hit's snippet as HTML a front-end may insert as it is: every character of the article's text
 * escaped, and only the matches the engine marked (MARK_START … MARK_END, never in the indexed text:
 * src/search/text.ts) wrapped in `<mark>`. Framework-free.
 */
import { MARK_END, MARK_START, unshieldTags } from './text';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ESCAPES[char]);

/** The engine's snippet (marks as private-use characters) as safe HTML; an unclosed mark is closed. */
export function snippetHtml(marked: string): string {
  let html = '';
  let open = false;
  for (const part of marked.split(/([\uE000\uE001])/u)) {
    if (part === MARK_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === MARK_END) {
      if (open) html += '</mark>';
      open = false;
    } else html += escapeHtml(unshieldTags(part).replace(/\s+/g, ' '));
  }
  return (open ? `${html}</mark>` : html).trim();
}
