/** Parsing the XML documents of feeds and sitemaps in tests: well-formedness first, then a plain object. */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Elements that may repeat: always arrays, even with one child. */
const LISTS = new Set(['item', 'url', 'sitemap', 'category', 'image:image', 'media:content']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => LISTS.has(name),
});

/** The document as an object (attributes as `@_name`, text as strings); fails the test unless it is well-formed XML. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed document has any shape; the tests assert on it
export function parseXml(text: string): Record<string, any> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}\n${text.slice(0, 500)}`);
  return parser.parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
}
