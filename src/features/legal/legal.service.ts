// The Terms of use, Cookie policy and Privacy notice: rendered once through
// the page cache and cached by browsers and CDNs like article pages. No
// article or listing shows on them, so they carry no cache tags: an edit
// leaves them cached, and only a change that drops every page renders them
// again. The version comes from configuration (TERMS_VERSION,
// COOKIE_POLICY_VERSION, PRIVACY_VERSION), the same values consent records store.
import { buildCachedResponse, type CachedResponse } from '../../core/http/cached-response.js';
import type { PageCache } from '../../core/http/page-cache.js';
import type { SiteContext } from '../../core/views/site-context.js';
import { CookiesPage } from './views/cookies-page.js';
import { versionDate, type LegalDocument } from './views/legal-layout.js';
import { PrivacyPage } from './views/privacy-page.js';
import { TermsPage } from './views/terms-page.js';

export interface LegalServiceDependencies {
  pageCache: PageCache;
  loadSite: () => Promise<SiteContext>;
  legalVersions: Readonly<Record<LegalDocument, string>>;
  sessionDays: number;
  isHttps: boolean;
  meter: { freeArticles: number; periodDays: number };
  anonymousMaxAgeSeconds: number;
}

export function createLegalService(deps: LegalServiceDependencies) {
  const cacheControl = `public, max-age=${deps.anonymousMaxAgeSeconds}, stale-while-revalidate=${deps.anonymousMaxAgeSeconds * 5}`;

  function render(document: LegalDocument, site: SiteContext) {
    const version = deps.legalVersions[document];
    switch (document) {
      case 'terms':
        return TermsPage({ site, version });
      case 'cookies':
        return CookiesPage({ site, version, facts: { sessionDays: deps.sessionDays, isHttps: deps.isHttps, meter: deps.meter } });
      case 'privacy':
        return PrivacyPage({ site, version, facts: { sessionDays: deps.sessionDays } });
    }
  }

  async function legalPage(document: LegalDocument): Promise<CachedResponse> {
    const response = await deps.pageCache.get(`legal:${document}`, async () =>
      buildCachedResponse({
        body: render(document, await deps.loadSite()).value,
        contentType: 'text/html; charset=utf-8',
        cacheControl,
        lastModified: versionDate(deps.legalVersions[document]),
      }),
    );
    return response!;
  }

  return { legalPage };
}

export type LegalService = ReturnType<typeof createLegalService>;
