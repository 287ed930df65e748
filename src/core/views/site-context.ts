// What every page's chrome needs: built once at start-up and when sections change.
export interface SiteContext {
  publicationName: string;
  tagline: string;
  language: string;
  timeZone: string;
  publicUrl: string;
  stylesheetHref: string;
  navigation: { path: string; name: string }[];
}

export function absoluteUrl(site: Pick<SiteContext, 'publicUrl'>, path: string): string {
  return site.publicUrl + path;
}
