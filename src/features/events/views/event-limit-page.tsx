// The answer to a reader who went over one of the events' rate limits
// (event-limits.ts): what happened, that nothing changed, and when to try again.
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { PublicEvent } from '../events.types.js';
import { eventPath } from './event-metadata.js';

export type EventLimitReason = 'place-changes' | 'join';

/** "about a minute", "about 7 minutes": the wait, rounded up to whole minutes. */
export function waitInWords(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return minutes === 1 ? 'about a minute' : `about ${minutes} minutes`;
}

export function EventLimitPage(props: {
  site: SiteContext;
  event: PublicEvent | null;
  reason: EventLimitReason;
  retryAfterSeconds: number;
}) {
  const { site, event } = props;
  const heading = props.reason === 'join' ? 'Too many tries of this join link' : 'Too many changes to your places';
  return (
    <Layout site={site} meta={{ title: heading, description: heading, robots: 'noindex' }}>
      <div class="events-page">
        <h1>{heading}</h1>
        {props.reason === 'join' ? (
          <p>This join link has been opened too many times in a short while, so it is resting.</p>
        ) : (
          <p>You have signed up for or cancelled places at our events several times in a few minutes. Nothing was changed this time.</p>
        )}
        <p>Please wait {waitInWords(props.retryAfterSeconds)} and try again.</p>
        <p>{event ? <a href={eventPath(event)}>Back to {event.title}</a> : <a href="/events">See our events</a>}</p>
      </div>
    </Layout>
  );
}
