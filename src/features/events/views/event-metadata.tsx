// Machine-readable event metadata: JSON-LD `Event` and Open Graph. The
// VirtualLocation is the event's own page, never the stream address (which
// only attendees reach, through their join links).
import type { SafeHtml } from '#jsx/jsx-runtime';
import { jsonLdScript } from '../../../core/views/structured-data.js';
import { absoluteUrl, type SiteContext } from '../../../core/views/site-context.js';
import { authorPath } from '../../articles/articles.service.js';
import type { PublicEvent } from '../events.types.js';

export const eventPath = (event: Pick<PublicEvent, 'slug'>) => `/events/${event.slug}`;

export function eventStructuredData(site: SiteContext, event: PublicEvent) {
  const url = absoluteUrl(site, eventPath(event));
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.title,
    description: event.description,
    url,
    startDate: event.startsAt,
    endDate: event.endsAt,
    eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
    eventStatus: event.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    location: { '@type': 'VirtualLocation', url },
    organizer: { '@type': 'Organization', name: site.publicationName, url: site.publicUrl + '/' },
    performer: event.speakers.map((speaker) => ({
      '@type': 'Person',
      name: speaker.name,
      url: absoluteUrl(site, authorPath(speaker.slug)),
    })),
    isAccessibleForFree: event.access === 'registered',
  };
}

export function eventHead(site: SiteContext, event: PublicEvent): SafeHtml {
  const url = absoluteUrl(site, eventPath(event));
  return (
    <>
      <meta property="og:type" content="website" />
      <meta property="og:site_name" content={site.publicationName} />
      <meta property="og:title" content={event.title} />
      <meta property="og:description" content={event.description} />
      <meta property="og:url" content={url} />
      <meta name="twitter:card" content="summary" />
      {jsonLdScript(eventStructuredData(site, event))}
    </>
  ) as SafeHtml;
}
