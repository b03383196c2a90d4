import { EXCERPT_MAX } from '../newsroom/excerpt';
import { CORRECTED_AT, READER_LAST_UPDATE } from '../documents/sync-reader-last-update';

/**
 * The admin panel's list and edit views of the newsroom content types, as data: columns and sort of
 * the list, order and width of the edit form's fields, labels, and a one-line description of every
 * field written for journalists. Applied by content-manager-views.ts.
 */

type Row = Array<[field: string, size: number]>;

interface FieldSpec {
  label?: string;
  description: string;
  placeholder?: string;
  /** Main field shown for a relation's target. */
  mainField?: string;
}

export interface ViewSpec {
  uid: string;
  kind: 'contentType' | 'component';
  settings?: { mainField?: string; defaultSortBy?: string; defaultSortOrder?: 'ASC' | 'DESC'; pageSize?: number };
  /** List view columns (content types only). Strapi adds its "Status" column after these for draft & publish types. */
  list?: string[];
  /** List view column labels for fields without an edit description (timestamps, computed fields). */
  listLabels?: Record<string, string>;
  /** Fields the product computes: listed and sortable, never in the edit form nor editable. */
  computed?: string[];
  edit: Row[];
  fields: Record<string, FieldSpec>;
}

export const VIEW_SPECS: ViewSpec[] = [
  {
    uid: 'api::article.article',
    kind: 'contentType',
    // Last saved first, drafts included: a never-published draft has no reader's last update, and NULLs
    // sort first on PostgreSQL but last on SQLite. The save time orders the list but is not a column:
    // Strapi writes dates out in full, and two date columns already make the table scroll at 1440 px.
    settings: { mainField: 'title', defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC', pageSize: 20 },
    list: ['title', 'section', 'publicationDate', READER_LAST_UPDATE],
    listLabels: { [READER_LAST_UPDATE]: 'Last update', updatedAt: 'Last saved' },
    computed: [READER_LAST_UPDATE, CORRECTED_AT],
    edit: [
      [['title', 12]],
      [
        ['slug', 6],
        ['section', 6],
      ],
      [['body', 12]],
      [
        ['byline', 6],
        ['cover', 6],
      ],
      [['teasers', 12]],
      [['seo', 12]],
      [
        ['publicationDate', 6],
        ['lastUpdatedAt', 6],
      ],
      [['scheduledAt', 6]],
    ],
    fields: {
      title: { label: 'Title', description: 'The headline readers see on the article page and in lists; at most 200 characters.' },
      slug: {
        label: 'Slug',
        description: 'The web address of the article, filled in from the title. Avoid changing it once the article is published.',
        placeholder: 'Filled in from the title',
      },
      section: { label: 'Section', description: 'Where the article is filed; an article needs a section before it can be published.', mainField: 'name' },
      body: { label: 'Body', description: `The story. Its first paragraph is the summary in "More from" lists (cut at ${EXCERPT_MAX} characters).` },
      byline: { label: 'Byline', description: 'Who wrote the story, as printed under the headline, e.g. "By Jane Doe in Vienna".' },
      cover: { label: 'Cover image', description: 'The main picture of the article, also shown in lists; give it an alternative text.' },
      teasers: { label: 'Teasers', description: 'Teaser cards that promote this article in sections\u2019 "More from" lists.', mainField: 'headline' },
      seo: { label: 'SEO', description: 'What search engines and social networks show; left empty, the title and summary are used.' },
      publicationDate: {
        label: 'Publication date',
        description: 'Set automatically on first publication; change it only to backdate archive content.',
      },
      lastUpdatedAt: {
        label: 'Last update (override)',
        description: 'Leave empty: "Last update" then shows the latest publication time. Set it only to override that line.',
      },
      scheduledAt: {
        label: 'Scheduled publication (embargo)',
        description: 'Editors only: the draft is published automatically within a minute of this time. Empty = publish by hand.',
      },
    },
  },
  {
    uid: 'api::teaser.teaser',
    kind: 'contentType',
    settings: { mainField: 'headline', defaultSortBy: 'updatedAt', defaultSortOrder: 'DESC', pageSize: 20 },
    list: ['headline', 'article', 'section', 'updatedAt'],
    listLabels: { updatedAt: 'Last saved' },
    edit: [
      [
        ['article', 6],
        ['section', 6],
      ],
      [['headline', 12]],
      [['summary', 12]],
      [
        ['image', 6],
        ['position', 4],
      ],
      [
        ['startsAt', 6],
        ['endsAt', 6],
      ],
      [['scheduledAt', 6]],
    ],
    fields: {
      article: { label: 'Article', description: 'The article this teaser promotes (required).', mainField: 'title' },
      section: {
        label: 'Section',
        description: 'The section whose "More from" list shows the teaser; empty = the article\u2019s own section.',
        mainField: 'name',
      },
      headline: { label: 'Headline', description: 'Replaces the article title on the card; leave empty to use the title.' },
      summary: {
        label: 'Summary',
        description: `At most ${EXCERPT_MAX} characters: longer text is cut at a word with "...". Empty = the article\u2019s first paragraph.`,
      },
      image: { label: 'Image', description: 'Picture on the card; leave empty to use the article\u2019s cover image.' },
      position: { label: 'Position', description: 'Order in the list: lower numbers come first (0 = top).' },
      startsAt: { label: 'Show from', description: 'The published teaser appears in lists from this time on; empty = at once.' },
      endsAt: { label: 'Show until', description: 'The teaser disappears from lists at this time; empty = it stays.' },
      scheduledAt: {
        label: 'Scheduled publication (embargo)',
        description: 'Editors only: the draft is published automatically within a minute of this time. Empty = publish by hand.',
      },
    },
  },
  {
    uid: 'api::section.section',
    kind: 'contentType',
    settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', pageSize: 20 },
    list: ['name', 'slug', 'parent'],
    edit: [
      [
        ['name', 6],
        ['slug', 6],
      ],
      [['parent', 6]],
      [['description', 12]],
      [
        ['children', 6],
        ['teasers', 6],
      ],
      [['articles', 12]],
    ],
    fields: {
      name: { label: 'Name', description: 'The section name readers see, e.g. "World" or "Business"; it must be unique.' },
      slug: { label: 'Slug', description: 'The web address of the section, filled in from the name.', placeholder: 'Filled in from the name' },
      parent: {
        label: 'Parent section',
        description: 'The section this one belongs to, e.g. Europe in World; empty for a top-level section.',
        mainField: 'name',
      },
      description: { label: 'Description', description: 'One or two sentences about what the section covers.' },
      children: { label: 'Sub-sections', description: 'Sections that belong to this one.', mainField: 'name' },
      articles: { label: 'Articles', description: 'Articles filed in this section; set the section on the article itself.', mainField: 'title' },
      teasers: { label: 'Teasers', description: 'Teasers placed in this section\u2019s "More from" list.', mainField: 'headline' },
    },
  },
  {
    uid: 'shared.seo',
    kind: 'component',
    edit: [[['metaTitle', 12]], [['metaDescription', 12]], [['shareImage', 6]]],
    fields: {
      metaTitle: { label: 'Search title', description: 'Title shown by search engines, at most 70 characters; empty = the article title.' },
      metaDescription: { label: 'Search description', description: 'Text shown under the title in search results, at most 160 characters.' },
      shareImage: { label: 'Share image', description: 'Picture shown when the page is shared on social networks; empty = the cover image.' },
    },
  },
];
