// The official Ghost client ships without types; what our tests use of it.
declare module '@tryghost/content-api' {
  type Options = Record<string, unknown>;
  type GhostRecord = Record<string, any>;
  export interface GhostList extends Array<GhostRecord> {
    meta: { pagination: { page: number; limit: number; pages: number; total: number; next: number | null; prev: number | null } };
  }
  interface Resource {
    browse(options?: Options): Promise<GhostList>;
    read(data: { id?: string; slug?: string }, options?: Options): Promise<GhostRecord>;
  }
  export interface GhostContentApi {
    posts: Resource;
    pages: Resource;
    authors: Resource;
    tags: Resource;
    tiers: Pick<Resource, 'browse'>;
    settings: { browse(options?: Options): Promise<GhostRecord> };
  }
  export default function GhostContentAPI(options: { url: string; key: string; version: string | boolean }): GhostContentApi;
}
