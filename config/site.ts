import { readSiteSettings } from '../src/settings/site';

/** The public site that feeds, sitemaps and structured data link to (PUBLIC_SITE_URL, ARTICLE_PATH, ...). */
export default () => readSiteSettings(process.env);
