/** Public API of the framework-free newsroom rules. */
export { plainText } from './blocks';
export type {
  BlockNode,
  BlockImage,
  BlocksContent,
  CodeBlock,
  HeadingBlock,
  HeadingLevel,
  ImageBlock,
  InlineNode,
  LinkNode,
  ListBlock,
  ListItemBlock,
  ParagraphBlock,
  QuoteBlock,
  RootBlock,
  TextNode,
} from './blocks';

export { EXCERPT_MAX, collapseWhitespace, excerptFromBlocks, summaryFor, truncateExcerpt } from './excerpt';

export {
  DEFAULT_NEWS_SETTINGS,
  MORE_FROM_LIMIT_MAX,
  MORE_FROM_LIMIT_MIN,
  NewsSettingsError,
  dateFormatProblem,
  isValidTimeZone,
  readNewsSettings,
} from './news-settings';
export type { NewsSettings } from './news-settings';

export { LAST_UPDATE_PREFIX, formatLastUpdate, lastUpdateInstant } from './last-update';
export type { LastUpdate } from './last-update';
