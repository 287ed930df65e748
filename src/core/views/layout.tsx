import type { Child, SafeHtml } from '#jsx/jsx-runtime';
import { trustedHtml } from '#jsx/jsx-runtime';
import { AccountNav } from './account-nav.js';
import { absoluteUrl, type SiteContext } from './site-context.js';

export interface PageMeta {
  title: string;
  description: string;
  /** Site path of the canonical URL, e.g. /world */
  canonicalPath?: string;
  /** Extra <head> content built by the page (Open Graph, JSON-LD, feed links). */
  head?: SafeHtml;
  robots?: string;
  currentSectionPath?: string;
  /** Site script URLs (fingerprinted, same origin) this page enhances itself with. */
  scripts?: string[];
}

export interface LayoutProps {
  site: SiteContext;
  meta: PageMeta;
  /** The account corner; omitted on shared (cacheable) pages, which get the signed-out version. */
  account?: SafeHtml;
  children?: Child;
}

export function Layout(props: LayoutProps) {
  const { site, meta } = props;
  const title = meta.title === site.publicationName ? meta.title : `${meta.title} | ${site.publicationName}`;
  return (
    <>
      {trustedHtml('<!doctype html>')}
      <html lang={site.language}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title}</title>
          <meta name="description" content={meta.description} />
          <meta name="robots" content={meta.robots ?? 'index, follow, max-image-preview:large'} />
          {meta.canonicalPath ? <link rel="canonical" href={absoluteUrl(site, meta.canonicalPath)} /> : null}
          <link rel="stylesheet" href={site.stylesheetHref} />
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="alternate" type="application/rss+xml" title={`${site.publicationName}: latest`} href="/rss.xml" />
          <link rel="alternate" type="application/atom+xml" title={`${site.publicationName}: latest`} href="/atom.xml" />
          {meta.head}
          {(meta.scripts ?? []).map((src) => (
            <script type="module" src={src}></script>
          ))}
        </head>
        <body>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          <header class="site-header">
            <div class="site-header-inner">
              <a class="site-title" href="/">
                {site.publicationName}
              </a>
              <p class="site-tagline">{site.tagline}</p>
              {props.account ?? <AccountNav user={null} currentPath={meta.canonicalPath} />}
            </div>
            <nav class="site-nav" aria-label="Sections">
              <ul>
                <li>
                  <a href="/" aria-current={meta.canonicalPath === '/' ? 'page' : undefined}>
                    Home
                  </a>
                </li>
                {site.navigation.map((section) => (
                  <li>
                    <a href={`/${section.path}`} aria-current={meta.currentSectionPath === section.path ? 'page' : undefined}>
                      {section.name}
                    </a>
                  </li>
                ))}
                <li>
                  <a href="/events" aria-current={meta.canonicalPath?.startsWith('/events') ? 'page' : undefined}>
                    Events
                  </a>
                </li>
              </ul>
            </nav>
          </header>
          <main id="main" tabindex="-1">
            {props.children}
          </main>
          <footer class="site-footer">
            <p>
              © {site.publicationName}. <a href="/rss.xml">RSS</a> · <a href="/sitemap.xml">Sitemap</a>
            </p>
            <p class="powered-by">Published with Masthead, open-source software for newspapers.</p>
          </footer>
        </body>
      </html>
    </>
  );
}
