/**
 * Cache tags: the one vocabulary that reader responses carry (so a cache tier can find them) and that
 * changes purge (src/cache/changes.ts).
 *
 *   article:<documentId>   the content of one document shown in the response (also section:, teaser:)
 *   file:<id>              one media file shown in the response
 *   section-list:<docId>   which items a section's lists show and in what order ("More from", the section
 *                          feed): changes when an item enters or leaves them, or moves in them
 *   articles               any change of any visible article (also sections, teasers, files): carried by
 *                          responses whose items depend on every document of the type (core list reads,
 *                          feeds, sitemaps, a 404 for an address that a new document may take), and the
 *                          broader tag that replaces the type's document tags when a response has too many
 *   newsroom               every tagged response (purge it to empty the cache tier)
 *
 * Every change of a visible document purges its document tag and its type tag; a change of where it
 * appears also purges the section lists it leaves and enters.
 */
import type { TagHeader } from '../settings/cache';
import { ARTICLE, SECTION, TEASER } from '../visibility/definition';

export const EVERYTHING = 'newsroom';

/** The kinds of documents that have tags, by content type. */
export const TAG_KINDS = {
  [ARTICLE]: { one: 'article', all: 'articles' },
  [SECTION]: { one: 'section', all: 'sections' },
  [TEASER]: { one: 'teaser', all: 'teasers' },
  'plugin::upload.file': { one: 'file', all: 'files' },
} as const satisfies Record<string, { one: string; all: string }>;

export type TaggedUid = keyof typeof TAG_KINDS;

export const isTaggedUid = (uid: string): uid is TaggedUid => Object.prototype.hasOwnProperty.call(TAG_KINDS, uid);

/** The tag of one document (files: by numeric id, they have no Draft & Publish versions). */
export const documentTag = (uid: TaggedUid, id: string | number): string => `${TAG_KINDS[uid].one}:${id}`;

/** The tag that every change of a visible document of `uid` purges. */
export const typeTag = (uid: TaggedUid): string => TAG_KINDS[uid].all;

/** The tag of a section's lists. */
export const sectionListTag = (sectionDocumentId: string): string => `section-list:${sectionDocumentId}`;

/** Document tags by their prefix, to find the type tag that replaces them. */
const TYPE_OF_PREFIX = new Map<string, string>(Object.values(TAG_KINDS).map((kind) => [kind.one, kind.all]));

/** A tag that a header can carry: printable ASCII without separators (documentIds and ids always are). */
const SAFE_TAG = /^[A-Za-z0-9._:~-]{1,200}$/;

/** The tags a response collects while it is built; `add` ignores anything a header could not carry. */
export class TagSet {
  private readonly tags = new Set<string>([EVERYTHING]);

  add(...tags: readonly string[]): void {
    for (const tag of tags) if (SAFE_TAG.test(tag)) this.tags.add(tag);
  }

  /** True when something besides `newsroom` was recorded: the response can be purged precisely. */
  get tagged(): boolean {
    return this.tags.size > 1;
  }

  has(tag: string): boolean {
    return this.tags.has(tag);
  }

  values(): string[] {
    return [...this.tags];
  }
}

/**
 * The tags to send, at most `maxBytes` long when joined: whole types of document tags are replaced by
 * their type tag (largest first) until they fit. Type, list and `newsroom` tags are always kept, so the
 * result is never narrower than the response: whatever purges one of the dropped tags purges its type tag too.
 */
export function boundedTags(tags: readonly string[], maxBytes: number): string[] {
  const joinedLength = (list: readonly string[]) => list.reduce((sum, tag) => sum + tag.length + 1, -1);
  let result = [...new Set(tags)];
  while (joinedLength(result) > maxBytes) {
    const counts = new Map<string, number>();
    for (const tag of result) {
      const prefix = tag.split(':', 1)[0] ?? '';
      if (tag.includes(':') && TYPE_OF_PREFIX.has(prefix)) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    }
    const largest = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    if (!largest) {
      // Only list tags left (section lists of a very large section tree): the type tag covers them.
      const lists = result.filter((tag) => tag.startsWith('section-list:'));
      if (lists.length === 0) break;
      result = [...result.filter((tag) => !tag.startsWith('section-list:')), 'articles', 'teasers'];
      result = [...new Set(result)];
      continue;
    }
    const [prefix] = largest;
    result = [...result.filter((tag) => !tag.startsWith(`${prefix}:`)), TYPE_OF_PREFIX.get(prefix)!];
    result = [...new Set(result)];
  }
  return result;
}

/** The header value: the tags joined by the header's separator. */
export const tagHeaderValue = (tags: readonly string[], header: TagHeader): string => tags.join(header.separator === ',' ? ',' : ' ');
