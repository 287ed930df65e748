import type { Child } from '#jsx/jsx-runtime';
import { formatShortDate } from '../../../core/views/format.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';

export type LegalDocument = 'terms' | 'cookies' | 'privacy';

export const LEGAL_DOCUMENTS: Record<LegalDocument, { path: string; title: string }> = {
  terms: { path: '/terms', title: 'Terms of use' },
  cookies: { path: '/cookies', title: 'Cookie policy' },
  privacy: { path: '/privacy', title: 'Privacy notice' },
};

/** A version such as "2026-11-01" doubles as the date of the last change. */
export function versionDate(version: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(version) && !Number.isNaN(Date.parse(`${version}T12:00:00Z`)) ? `${version}T12:00:00Z` : null;
}

export interface LegalPageProps {
  site: SiteContext;
  document: LegalDocument;
  version: string;
  summary: string;
  children?: Child;
}

export function LegalPage(props: LegalPageProps) {
  const { site, document, version } = props;
  const { title, path } = LEGAL_DOCUMENTS[document];
  const updated = versionDate(version);
  return (
    <Layout site={site} meta={{ title, description: props.summary, canonicalPath: path }}>
      <article class="article legal-page">
        <header class="article-header">
          <p class="kicker">{site.publicationName}</p>
          <h1 class="headline">{title}</h1>
          <p class="standfirst">{props.summary}</p>
          <p class="dateline">
            Version {version}
            {updated ? (
              <>
                {' · Last updated '}
                <time datetime={updated.slice(0, 10)}>{formatShortDate(updated, site.timeZone)}</time>
              </>
            ) : null}
          </p>
        </header>
        <div class="article-body">{props.children}</div>
        <footer class="article-footer">
          <nav aria-label="Legal">
            <ul class="topic-list">
              {(Object.keys(LEGAL_DOCUMENTS) as LegalDocument[])
                .filter((other) => other !== document)
                .map((other) => (
                  <li>
                    <a href={LEGAL_DOCUMENTS[other].path}>{LEGAL_DOCUMENTS[other].title}</a>
                  </li>
                ))}
            </ul>
          </nav>
        </footer>
      </article>
    </Layout>
  );
}
