import { readNewsSettings } from '../src/settings/news';

/** Newsroom settings (NEWS_*), validated once at start-up: a bad zone or pattern stops the server here. */
export default () => readNewsSettings(process.env);
