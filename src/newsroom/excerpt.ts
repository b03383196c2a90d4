/**
 * Teaser excerpts: the short summary shown under a headline in "More from"
 * lists. See `truncateExcerpt` for the exact rule.
 */
import { plainText } from './blocks';

/** Maximum excerpt length in Unicode code points, including the trailing "...". */
export const EXCERPT_MAX = 120;

const ELLIPSIS = '...';
const WHITESPACE_RUN = /\p{White_Space}+/gu;
/** No-break spaces are typography an editor chose (`US\u00A0president`), not layout: they are kept. */
const NO_BREAK_RUN = /^[\u00A0\u2007\u202F]+$/u;
const EDGE_WHITESPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;
const TRAILING_JUNK = /[ ,;:]+$/u;

/**
 * Replaces every run of breaking Unicode whitespace (`\p{White_Space}`: spaces, tabs, newlines,
 * ideographic space, ...) with one ASCII space and trims both ends. A run made only of no-break
 * spaces (U+00A0, U+2007, U+202F) is kept as it is, so that text is served as the editor wrote it.
 */
export function collapseWhitespace(text: string): string {
  if (typeof text !== 'string') return '';
  return text.replace(EDGE_WHITESPACE, '').replace(WHITESPACE_RUN, (run) => (NO_BREAK_RUN.test(run) ? run : ' '));
}

/**
 * Shortens `text` to at most `max` Unicode code points:
 *
 * 1. Whitespace is collapsed (`collapseWhitespace`).
 * 2. If the result has at most `max` code points it is returned unchanged.
 * 3. Otherwise it is cut at the last space such that the kept text plus "..."
 *    fits in `max`; trailing spaces, `,`, `;` and `:` are stripped from the
 *    kept text and "..." is appended.
 * 4. If there is no such space (a first word longer than `max - 3`), or the
 *    kept text is empty after stripping, the text is hard-cut at `max - 3`
 *    code points and "..." is appended.
 *
 * Counting is by code point, so an emoji counts as one and a surrogate pair is
 * never split. `ellipsis` replaces "..." where another mark is wanted (structured
 * data's headlines use "…"). Throws RangeError if `max` is not an integer at
 * least as long as the ellipsis.
 */
export function truncateExcerpt(text: string, max: number = EXCERPT_MAX, ellipsis: string = ELLIPSIS): string {
  const ellipsisLength = Array.from(ellipsis).length;
  if (!Number.isInteger(max) || max < ellipsisLength) {
    throw new RangeError(`truncateExcerpt: max must be an integer >= ${ellipsisLength}, got ${String(max)}`);
  }
  const collapsed = collapseWhitespace(text);
  const codePoints = Array.from(collapsed);
  if (codePoints.length <= max) return collapsed;

  const budget = max - ellipsisLength;
  // codePoints.length > max > budget, so index `budget` exists; a space there
  // means the kept text (indices 0..budget-1) fills the budget exactly.
  let cut = -1;
  for (let i = budget; i > 0; i -= 1) {
    if (codePoints[i] === ' ') {
      cut = i;
      break;
    }
  }
  let kept = cut > 0 ? codePoints.slice(0, cut).join('').replace(TRAILING_JUNK, '') : '';
  if (kept === '') kept = codePoints.slice(0, budget).join('');
  return kept + ellipsis;
}

function isParagraphWithText(block: unknown): boolean {
  return typeof block === 'object' && block !== null && (block as { type?: unknown }).type === 'paragraph' && collapseWhitespace(plainText(block)) !== '';
}

/**
 * Excerpt of a blocks body: the plain text of its first top-level `paragraph`
 * block (headings, quotes, images, lists and code before it are skipped; link
 * text is included) through `truncateExcerpt`. Empty paragraphs (an editor's stray
 * blank line) are skipped. A body that is not an array or has no paragraph with
 * text gives `''`.
 */
export function excerptFromBlocks(body: unknown): string {
  if (!Array.isArray(body)) return '';
  let paragraph: unknown;
  try {
    paragraph = body.find(isParagraphWithText);
  } catch {
    return '';
  }
  return paragraph === undefined ? '' : truncateExcerpt(plainText(paragraph));
}

/**
 * The summary to show for a teaser: its own summary when that is a non-blank
 * string (through `truncateExcerpt`), otherwise `excerptFromBlocks(body)`.
 */
export function summaryFor(teaserSummary: string | null | undefined, body: unknown): string {
  if (typeof teaserSummary === 'string' && collapseWhitespace(teaserSummary) !== '') {
    return truncateExcerpt(teaserSummary);
  }
  return excerptFromBlocks(body);
}
