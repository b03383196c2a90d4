/** Shared by the feed and sitemap renderer tests: a strict parse of the XML they produce, and an editor's worst text. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const parser = new XMLParser({
  ignoreAttributes: false,
  trimValues: false,
  parseTagValue: false,
  isArray: (name) => ['item', 'url', 'sitemap'].includes(name),
});
/** The parsed document, after checking that it is well-formed XML. */
export function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  // fast-xml-parser accepts characters XML 1.0 forbids: check them separately.
  expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
  return parser.parse(xml);
}

/** A title as editors paste it: markup, references, CDATA end, quotes, control characters and a lone surrogate. */
export const HOSTILE = `Tom & Jerry &amp; &nbsp; &#38; <script>alert(1)</script> ]]> "q" 'a' \u0000\u0001\u000B\uFFFE\uD800 end`;
/** HOSTILE without the characters XML 1.0 forbids. */
export const HOSTILE_CLEAN = `Tom & Jerry &amp; &nbsp; &#38; <script>alert(1)</script> ]]> "q" 'a'  end`;
