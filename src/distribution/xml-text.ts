/**
 * Text that XML 1.0 can carry. Editors paste control characters, lone surrogates and U+FFFE/U+FFFF from other
 * tools; a single one makes a whole feed or sitemap unreadable for a strict parser, so every text and URL that
 * goes into a feed passes through here (the JSON Feed too, so that both feeds show the same text).
 */

/** Anything outside XML 1.0's `Char` production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `text` without the characters XML 1.0 does not allow (C0 controls but tab and newlines, lone surrogates, U+FFFE, U+FFFF). */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

/**
 * `text` as xmlbuilder2's `txt()` and attribute values must be given it: XML-safe, with every `&` already escaped.
 * xmlbuilder2 leaves an `&` that looks like the start of a reference (`&amp;`, `&foo;`, `&#38;`) unescaped, so an
 * editor's literal "&amp;" would reach readers as "&" and "&foo;" would make the whole document malformed.
 */
export function xmlBuilderText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;');
}
