/** The public site's settings (PUBLIC_SITE_URL, ARTICLE_PATH, ...) and the links built from them. */
import { SettingsError } from '../../src/settings';
import { languageOf, readSiteSettings, SITEMAP_PAGE_SIZE_MAX } from '../../src/settings/site';
import { siteLinks } from '../../src/distribution/links';
import { absoluteUrl } from '../../src/distribution/media';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    readSiteSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as SettingsError).problems;
  }
  throw new Error('expected a SettingsError');
};

test('unset: the routes are off, the defaults are the documented ones', () => {
  expect(readSiteSettings({})).toEqual({
    publicUrl: null,
    articlePath: '/{section}/{slug}',
    sectionPath: '/{section}',
    name: 'Newsroom',
    language: 'en',
    feedItems: 20,
    sitemapPageSize: SITEMAP_PAGE_SIZE_MAX,
    defaultLocale: 'en',
  });
  expect(siteLinks(readSiteSettings({}))).toBeNull();
});

test('the site name defaults to the host name; the language is canonicalised', () => {
  const site = readSiteSettings({ PUBLIC_SITE_URL: 'https://www.example.org/news/', SITE_LANGUAGE: 'DE-ch' });
  expect(site.publicUrl).toBe('https://www.example.org/news');
  expect(site.name).toBe('www.example.org');
  expect(site.language).toBe('de-CH');
});

test('links fill the templates, URL-encode each value and drop the empty segment of an article without a section', () => {
  const links = siteLinks(readSiteSettings({ PUBLIC_SITE_URL: 'https://example.org/news', ARTICLE_PATH: '/{section}/{slug}-{documentId}.html' }))!;
  expect(links.home).toBe('https://example.org/news/');
  expect(links.article({ slug: 'a-b', documentId: 'x1', sectionSlug: 'world' })).toBe('https://example.org/news/world/a-b-x1.html');
  expect(links.article({ slug: 'é?#/', documentId: 'x1', sectionSlug: null })).toBe('https://example.org/news/%C3%A9%3F%23%2F-x1.html');
  expect(links.section('europe')).toBe('https://example.org/news/europe');
});

describe('links per locale', () => {
  const address = { slug: 'wahl', documentId: 'd1', sectionSlug: 'welt' };

  test('without {locale} in the paths: the default locale unprefixed, every other locale under /<locale>', () => {
    const links = siteLinks(readSiteSettings({ PUBLIC_SITE_URL: 'https://example.org/news', NEWS_DEFAULT_LOCALE: 'en' }))!;
    expect(links.article({ ...address, slug: 'vote', sectionSlug: 'world', locale: 'en' })).toBe('https://example.org/news/world/vote');
    expect(links.article({ ...address, slug: 'vote', sectionSlug: 'world' })).toBe('https://example.org/news/world/vote');
    expect(links.article({ ...address, locale: 'de' })).toBe('https://example.org/news/de/welt/wahl');
    expect(links.article({ ...address, sectionSlug: null, locale: 'pt-BR' })).toBe('https://example.org/news/pt-BR/wahl');
    expect(links.section('welt', 'de')).toBe('https://example.org/news/de/welt');
    expect(links.section('world')).toBe('https://example.org/news/world');
    expect(links.localeHome('de')).toBe('https://example.org/news/de/');
    expect(links.localeHome('en')).toBe('https://example.org/news/');
  });

  test('NEWS_DEFAULT_LOCALE decides which locale goes unprefixed (compared without case)', () => {
    const links = siteLinks(readSiteSettings({ PUBLIC_SITE_URL: 'https://example.org', NEWS_DEFAULT_LOCALE: 'de' }))!;
    expect(links.article({ ...address, locale: 'de' })).toBe('https://example.org/welt/wahl');
    expect(links.article({ ...address, locale: 'DE' })).toBe('https://example.org/welt/wahl');
    expect(links.article({ ...address })).toBe('https://example.org/welt/wahl');
    expect(links.article({ ...address, slug: 'vote', sectionSlug: 'world', locale: 'en' })).toBe('https://example.org/en/world/vote');
  });

  test('a path with {locale} gets the code there, for the default locale too, and no prefix', () => {
    const links = siteLinks(
      readSiteSettings({ PUBLIC_SITE_URL: 'https://example.org', ARTICLE_PATH: '/{section}/{slug}.{locale}.html', SECTION_PATH: '/{locale}/{section}/' }),
    )!;
    expect(links.article({ ...address, locale: 'de' })).toBe('https://example.org/welt/wahl.de.html');
    expect(links.article({ ...address, slug: 'vote', sectionSlug: 'world' })).toBe('https://example.org/world/vote.en.html');
    expect(links.section('welt', 'de')).toBe('https://example.org/de/welt/');
    expect(links.section('world')).toBe('https://example.org/en/world/');
  });

  test('{locale} is a known placeholder of both paths; the section path still needs {section}', () => {
    expect(readSiteSettings({ ARTICLE_PATH: '/{locale}/{section}/{slug}', SECTION_PATH: '/{locale}/{section}' }).articlePath).toBe(
      '/{locale}/{section}/{slug}',
    );
    expect(problemsOf({ SECTION_PATH: '/{locale}' })[0]).toContain('{section}');
    expect(problemsOf({ SECTION_PATH: '/{section}/{slug}' })[0]).toContain('{slug}');
  });

  test("a feed's language: SITE_LANGUAGE when it is a form of the locale's language, else the locale's code", () => {
    expect(languageOf({ language: 'en-GB' }, 'en')).toBe('en-GB');
    expect(languageOf({ language: 'de-CH' }, 'de')).toBe('de-CH');
    expect(languageOf({ language: 'en-GB' }, 'de')).toBe('de');
    expect(languageOf({ language: 'en' }, 'pt-BR')).toBe('pt-BR');
    expect(languageOf({ language: 'pt' }, 'pt-BR')).toBe('pt-BR');
  });
});

test('every bad variable is reported at once, naming it', () => {
  const problems = problemsOf({
    PUBLIC_SITE_URL: 'ftp://example.org',
    ARTICLE_PATH: '/{section}/{title}',
    SECTION_PATH: 'sections',
    SITE_LANGUAGE: 'not a language',
    FEED_ITEMS: '0',
    SITEMAP_PAGE_SIZE: '50001',
  });
  expect(problems).toHaveLength(6);
  for (const name of ['PUBLIC_SITE_URL', 'ARTICLE_PATH', 'SECTION_PATH', 'SITE_LANGUAGE', 'FEED_ITEMS', 'SITEMAP_PAGE_SIZE']) {
    expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
  }
  expect(problemsOf({ ARTICLE_PATH: '/{section}' })[0]).toContain('{slug}');
  expect(problemsOf({ PUBLIC_SITE_URL: 'https://user:pw@example.org' })[0]).toContain('PUBLIC_SITE_URL');
  expect(problemsOf({ PUBLIC_SITE_URL: 'https://example.org/?q=1' })[0]).toContain('PUBLIC_SITE_URL');
});

test('media URLs: relative ones resolved against the base, absolute ones kept, anything else refused', () => {
  expect(absoluteUrl('/uploads/a.jpg', 'https://cms.example.org')).toBe('https://cms.example.org/uploads/a.jpg');
  expect(absoluteUrl('https://cdn.example.org/a.jpg', 'https://cms.example.org')).toBe('https://cdn.example.org/a.jpg');
  expect(absoluteUrl('javascript:alert(1)', 'https://cms.example.org')).toBeNull();
});
