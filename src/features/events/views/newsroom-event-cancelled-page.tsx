// What the newsroom's edit form shows for a cancelled event: the event as it
// stands, read-only, and why it cannot change (a cancellation is final; its
// attendees were told and their calendars dropped it).
import type { SafeHtml } from '#jsx/jsx-runtime';
import type { SiteContext } from '../../../core/views/site-context.js';
import { NewsroomNav, StaffLayout } from '../../newsroom/views/staff-layout.js';
import type { StaffEvent } from '../events.types.js';
import { formatEventTime } from './event-time.js';

const WHO: Record<StaffEvent['access'], string> = { registered: 'Registered readers', premium: 'Premium subscribers' };

export function NewsroomEventCancelledPage(props: {
  site: SiteContext;
  account: SafeHtml;
  event: StaffEvent;
  /** After a refused form: say that nothing was saved. */
  refused?: boolean;
}) {
  const { event, site } = props;
  return (
    <StaffLayout site={site} account={props.account} title={`Cancelled: ${event.title}`}>
      <NewsroomNav current="events" />
      <h1>“{event.title}” is cancelled</h1>
      <p class={props.refused ? 'error-summary' : 'notice'} role={props.refused ? 'alert' : 'status'}>
        {props.refused ? 'Nothing was saved. ' : ''}
        This event is cancelled, so it can no longer be edited or rescheduled: its attendees have been told it is off and their calendars
        have removed it. To hold it after all, create a new event.
      </p>
      <dl class="event-facts">
        <dt>Title</dt>
        <dd>{event.title}</dd>
        <dt>Was to run</dt>
        <dd>
          {formatEventTime(event.startsAt, site.timeZone)} to {formatEventTime(event.endsAt, site.timeZone)}
        </dd>
        <dt>Speakers</dt>
        <dd>{event.speakers.length ? event.speakers.map((speaker) => speaker.name).join(', ') : 'None'}</dd>
        <dt>Seats</dt>
        <dd>{String(event.capacity)}</dd>
        <dt>Who could attend</dt>
        <dd>{WHO[event.access]}</dd>
        <dt>Description</dt>
        <dd>{event.description}</dd>
      </dl>
      <p>
        <a href={`/newsroom/events/${event.id}`}>Back to the event</a> · <a href="/newsroom/events/new">New event</a>
      </p>
    </StaffLayout>
  );
}
