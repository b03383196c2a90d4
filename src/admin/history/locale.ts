/**
 * The locale the Content Manager shows: the edit view's document carries it (`document.locale`); otherwise its URL
 * does (`?plugins[i18n][locale]=de`). Undefined when neither names one: the API then uses the default locale.
 */
import { useQueryParams } from '@strapi/strapi/admin';

interface CmQuery {
  plugins?: { i18n?: { locale?: unknown } };
}

export function useContentManagerLocale(document?: object | null): string | undefined {
  const [{ query }] = useQueryParams<CmQuery>();
  const own = (document as { locale?: unknown } | null | undefined)?.locale;
  if (typeof own === 'string' && own !== '') return own;
  const fromUrl = query.plugins?.i18n?.locale;
  return typeof fromUrl === 'string' && fromUrl !== '' ? fromUrl : undefined;
}
