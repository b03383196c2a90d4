import type { Core } from '@strapi/strapi';
import type { NewsSettings } from '../newsroom/news-settings';

export const newsSettings = (strapi: Core.Strapi): NewsSettings => strapi.config.get<NewsSettings>('news');
