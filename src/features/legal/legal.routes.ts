// /terms, /cookies, /privacy: public, cacheable pages; a signed-in reader gets
// the same bytes with their account corner (core/http/page-sender.ts).
import type { FastifyInstance } from 'fastify';
import type { PageSender } from '../../core/http/page-sender.js';
import { createLegalService, type LegalServiceDependencies } from './legal.service.js';
import { LEGAL_DOCUMENTS, type LegalDocument } from './views/legal-layout.js';

export function registerLegalRoutes(app: FastifyInstance, deps: LegalServiceDependencies & { pages: PageSender }): void {
  const legal = createLegalService(deps);
  for (const document of Object.keys(LEGAL_DOCUMENTS) as LegalDocument[]) {
    app.get(LEGAL_DOCUMENTS[document].path, async (request, reply) => deps.pages.send(request, reply, await legal.legalPage(document)));
  }
}
