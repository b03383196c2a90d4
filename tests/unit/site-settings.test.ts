/** The public site's settings (PUBLIC_SITE_URL, ARTICLE_PATH, ...) and the links built from them. */
import { SettingsError } from '../../src/settings';
import { readSiteSettings, SITEMAP_PAGE_SIZE_MAX } from '../../src/settings/site';
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
