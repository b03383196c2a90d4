/** Builders of what the reference reader (examples/reader) receives from the CMS, for its unit tests. */
import type * as Reader from '../../examples/reader/src/types';

/** A "More from" item in section World; the summary defaults to one line made from the headline. */
export const moreFromItem = (slug: string, headline: string, summary = `${headline}, in short.`): Reader.MoreFromItem => ({
  documentId: `doc-${slug}`,
  slug,
  headline,
  summary,
  image: null,
  publishedAt: '2017-01-16T18:00:00.000Z',
  section: { name: 'World', slug: 'world' },
});
