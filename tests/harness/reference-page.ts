/**
 * The reference article page (tests/fixtures/article-page.txt, copied from the material) and its
 * German version (article-page.de.txt, the seed's translation): blank-line separated chunks of title, body
 * paragraphs, the "Last update" line, "More from <Section>" and the headline/summary pairs of its items.
 */
import fs from 'fs';
import path from 'path';

export interface ReferencePage {
  title: string;
  bodyParagraphs: string[];
  lastUpdateLine: string;
  moreFromHeading: string;
  /** The "More from" items, in page order. */
  items: Array<{ headline: string; summary: string }>;
}

/** The pages there are, and the words that open their "Last update" line and "More from" heading. */
const PAGES = {
  en: { file: 'article-page.txt', lastUpdate: 'Last update: ', moreFrom: 'More from ' },
  de: { file: 'article-page.de.txt', lastUpdate: 'Letzte Aktualisierung: ', moreFrom: 'Mehr aus ' },
} as const;
export type ReferenceLocale = keyof typeof PAGES;

const fixture = (locale: ReferenceLocale) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', PAGES[locale].file), 'utf8');

/** Every non-blank line of the page, in order: what a reader sees. */
export const referencePageLines = (locale: ReferenceLocale = 'en') =>
  fixture(locale)
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');

export function readReferencePage(locale: ReferenceLocale = 'en'): ReferencePage {
  const words = PAGES[locale];
  const chunks = fixture(locale)
    .split(/\r?\n\s*\r?\n/)
    .map((chunk) => chunk.replace(/^\r?\n+|\r?\n+$/g, ''))
    .filter((chunk) => chunk.trim() !== '');
  const lastUpdate = chunks.findIndex((chunk) => chunk.startsWith(words.lastUpdate));
  const moreFrom = chunks.findIndex((chunk) => chunk.startsWith(words.moreFrom));
  if (lastUpdate < 2 || moreFrom !== lastUpdate + 1) throw new Error('unexpected fixture layout');
  const pairs = chunks.slice(moreFrom + 1);
  if (pairs.length === 0 || pairs.length % 2 !== 0) throw new Error('fixture items must be headline/summary pairs');
  const items: ReferencePage['items'] = [];
  for (let i = 0; i < pairs.length; i += 2) items.push({ headline: pairs[i], summary: pairs[i + 1] });
  return {
    title: chunks[0],
    bodyParagraphs: chunks.slice(1, lastUpdate),
    lastUpdateLine: chunks[lastUpdate],
    moreFromHeading: chunks[moreFrom],
    items,
  };
}
