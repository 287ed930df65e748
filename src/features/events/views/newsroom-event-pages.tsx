// The newsroom's event pages: the list (upcoming and past, with seats), the
// create/edit form, the cancel confirmation and the roster with "Message
// attendees". Staff only: the stream address appears here and nowhere a
// reader looks.
import type { SafeHtml } from '#jsx/jsx-runtime';
import { CsrfField, ErrorSummary, TextField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { NewsroomNav, StaffLayout } from '../../newsroom/views/staff-layout.js';
import type { RosterPage } from '../event-roster.js';
import { RosterPager, RosterTable, rosterHref } from './newsroom-event-roster.js';
import type { PublicEvent, StaffEvent } from '../events.types.js';
import { formatEventTime } from './event-time.js';

interface StaffPage {
  site: SiteContext;
  account: SafeHtml;
  csrfToken: string;
}

export interface EventFormValues {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  speakers: string[];
  capacity: string;
  access: string;
  streamUrl: string;
  recordingUrl: string;
  recordingAccess: string;
}

export const EVENT_FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  startsAt: 'Starts',
  endsAt: 'Ends',
  speakers: 'Speakers',
  capacity: 'Seats',
  access: 'Who may attend',
  streamUrl: 'Stream address',
  recordingUrl: 'Recording address',
  recordingAccess: 'Who may watch the recording',
  version: 'Version',
};

function Notice(props: { text?: string | undefined }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}

function EventRows(props: { events: PublicEvent[]; timeZone: string }) {
  if (!props.events.length) return <p class="empty">None.</p>;
  return (
    <table class="newsroom-table">
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col">Starts</th>
          <th scope="col">Seats taken</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((event) => (
          <tr>
            <td>
              <a href={`/newsroom/events/${event.id}`}>{event.title}</a>
            </td>
            <td>
              <time datetime={event.startsAt}>{formatEventTime(event.startsAt, props.timeZone)}</time>
            </td>
            <td>
              {event.confirmedCount} of {event.capacity}
            </td>
            <td>{event.status === 'cancelled' ? 'Cancelled' : 'Scheduled'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface EventListPages {
  upcomingAfter?: string | undefined;
  pastBefore?: string | undefined;
  nextUpcoming: string | null;
  nextPast: string | null;
}

function listHref(pages: { upcomingAfter?: string | undefined; pastBefore?: string | undefined }, anchor: string): string {
  const query = new URLSearchParams();
  if (pages.upcomingAfter) query.set('upcomingAfter', pages.upcomingAfter);
  if (pages.pastBefore) query.set('pastBefore', pages.pastBefore);
  const search = query.toString();
  return `/newsroom/events${search ? `?${search}` : ''}#${anchor}`;
}

/** Next page of one listing (keyset), and the way back to its first. */
function ListPager(props: { label: string; isFirst: boolean; first: string; next: string | null }) {
  if (props.isFirst && !props.next) return null;
  return (
    <nav class="pager" aria-label={`Pages of the ${props.label}`}>
      <p>
        {props.isFirst ? null : <a href={props.first}>First page of the {props.label}</a>}
        {!props.isFirst && props.next ? ' · ' : null}
        {props.next ? <a href={props.next}>Next page of the {props.label}</a> : null}
      </p>
    </nav>
  );
}

export function NewsroomEventListPage(
  props: Omit<StaffPage, 'csrfToken'> & { upcoming: PublicEvent[]; past: PublicEvent[]; notice?: string; pages?: EventListPages },
) {
  const pages = props.pages ?? { nextUpcoming: null, nextPast: null };
  const kept = { upcomingAfter: pages.upcomingAfter, pastBefore: pages.pastBefore };
  return (
    <StaffLayout site={props.site} account={props.account} title="Events">
      <NewsroomNav current="events" />
      <h1>Events</h1>
      <Notice text={props.notice} />
      <p>
        <a href="/newsroom/events/new">New event</a>
      </p>
      <h2 id="upcoming">Upcoming</h2>
      <EventRows events={props.upcoming} timeZone={props.site.timeZone} />
      <ListPager
        label="upcoming events"
        isFirst={!pages.upcomingAfter}
        first={listHref({ ...kept, upcomingAfter: undefined }, 'upcoming')}
        next={pages.nextUpcoming ? listHref({ ...kept, upcomingAfter: pages.nextUpcoming }, 'upcoming') : null}
      />
      <h2 id="past">Past</h2>
      <EventRows events={props.past} timeZone={props.site.timeZone} />
      <ListPager
        label="past events"
        isFirst={!pages.pastBefore}
        first={listHref({ ...kept, pastBefore: undefined }, 'past')}
        next={pages.nextPast ? listHref({ ...kept, pastBefore: pages.nextPast }, 'past') : null}
      />
    </StaffLayout>
  );
}

function Select(props: { name: string; value: string; options: [string, string][]; error?: string | undefined }) {
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={`field-${props.name}`}>{EVENT_FIELD_LABELS[props.name]}</label>
      <p class="field-error" id={`error-${props.name}`} hidden={!props.error} aria-live="polite">
        {props.error ?? ''}
      </p>
      <select
        id={`field-${props.name}`}
        name={props.name}
        aria-describedby={`error-${props.name}`}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function NewsroomEventFormPage(
  props: StaffPage & {
    event: StaffEvent | null;
    values: EventFormValues;
    authors: { id: number; name: string }[];
    version?: number;
    errors?: Record<string, string | undefined>;
    formError?: string;
  },
) {
  const errors = props.errors ?? {};
  const { values } = props;
  const action = props.event ? `/newsroom/events/${props.event.id}/edit` : '/newsroom/events/new';
  const title = props.event ? `Edit: ${props.event.title}` : 'New event';
  return (
    <StaffLayout site={props.site} account={props.account} title={title}>
      <NewsroomNav current="events" />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} labels={EVENT_FIELD_LABELS} {...(props.formError ? { formError: props.formError } : {})} />
      <form method="post" action={action} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.version !== undefined ? <input type="hidden" name="version" value={String(props.version)} /> : null}
        <TextField name="title" label="Title" value={values.title} error={errors.title} maxlength={200} />
        <div class={errors.description ? 'field field-invalid' : 'field'}>
          <label for="field-description">Description</label>
          <p class="field-error" id="error-description" hidden={!errors.description} aria-live="polite">
            {errors.description ?? ''}
          </p>
          <textarea id="field-description" name="description" rows="6" aria-describedby="error-description">
            {values.description}
          </textarea>
        </div>
        <LocalTime name="startsAt" value={values.startsAt} error={errors.startsAt} timeZone={props.site.timeZone} />
        <LocalTime name="endsAt" value={values.endsAt} error={errors.endsAt} timeZone={props.site.timeZone} />
        <fieldset class={errors.speakers ? 'field field-invalid' : 'field'} id="field-speakers" aria-describedby="error-speakers">
          <legend>Speakers</legend>
          <p class="field-error" id="error-speakers" hidden={!errors.speakers} aria-live="polite">
            {errors.speakers ?? ''}
          </p>
          {props.authors.map((author) => (
            <div class="field-checkbox">
              <input
                type="checkbox"
                id={`speaker-${author.id}`}
                name="speakers"
                value={author.name}
                checked={values.speakers.includes(author.name)}
              />
              <label for={`speaker-${author.id}`}>{author.name}</label>
            </div>
          ))}
        </fieldset>
        <TextField name="capacity" label="Seats" value={values.capacity} error={errors.capacity} inputmode="numeric" maxlength={6} />
        <Select
          name="access"
          value={values.access}
          error={errors.access}
          options={[
            ['registered', 'Any signed-in reader'],
            ['premium', 'Subscribers'],
          ]}
        />
        <TextField
          name="streamUrl"
          label="Stream address"
          hint="Staff only: attendees get a personal link that leads here."
          value={values.streamUrl}
          error={errors.streamUrl}
          maxlength={2000}
        />
        <TextField
          name="recordingUrl"
          label="Recording address"
          hint="Optional; offered after the event."
          value={values.recordingUrl}
          error={errors.recordingUrl}
          required={false}
          maxlength={2000}
        />
        <Select
          name="recordingAccess"
          value={values.recordingAccess}
          error={errors.recordingAccess}
          options={[
            ['free', 'Everyone'],
            ['registered', 'Any signed-in reader'],
            ['premium', 'Subscribers'],
          ]}
        />
        <button type="submit">{props.event ? 'Save changes' : 'Create event'}</button>
      </form>
    </StaffLayout>
  );
}

function LocalTime(props: { name: 'startsAt' | 'endsAt'; value: string; error?: string | undefined; timeZone: string }) {
  const id = `field-${props.name}`;
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{EVENT_FIELD_LABELS[props.name]}</label>
      <p class="field-hint" id={`hint-${props.name}`}>
        In {props.timeZone} time.
      </p>
      <p class="field-error" id={`error-${props.name}`} hidden={!props.error} aria-live="polite">
        {props.error ?? ''}
      </p>
      <input
        id={id}
        name={props.name}
        type="datetime-local"
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`hint-${props.name} error-${props.name}`}
      />
    </div>
  );
}

export function NewsroomEventPage(
  props: StaffPage & {
    event: StaffEvent;
    roster: { confirmed: RosterPage; waiting: RosterPage; after: { confirmed?: number | undefined; waiting?: number | undefined } };
    notice?: string;
    message?: { subject: string; text: string; errors: Record<string, string | undefined> };
  },
) {
  const { event, site } = props;
  const { confirmed, waiting, after } = props.roster;
  const errors = props.message?.errors ?? {};
  const base = `/newsroom/events/${event.id}`;
  return (
    <StaffLayout site={site} account={props.account} title={event.title}>
      <NewsroomNav current="events" />
      <h1>{event.title}</h1>
      <Notice text={props.notice} />
      <dl class="event-facts">
        <dt>When</dt>
        <dd>
          {formatEventTime(event.startsAt, site.timeZone)} to {formatEventTime(event.endsAt, site.timeZone)}
        </dd>
        <dt>Status</dt>
        <dd>{event.status === 'cancelled' ? 'Cancelled' : 'Scheduled'}</dd>
        <dt>Seats taken</dt>
        <dd>
          {event.confirmedCount} of {event.capacity}; {waiting.total} waiting
        </dd>
        <dt>Stream address (staff only)</dt>
        <dd>{event.streamUrl}</dd>
        <dt>Reader page</dt>
        <dd>
          <a href={`/events/${event.slug}`}>/events/{event.slug}</a>
        </dd>
        <dt>Questions</dt>
        <dd>
          <a href={`${base}/questions`}>Attendees’ questions</a>
        </dd>
      </dl>
      {event.status === 'scheduled' ? (
        <p>
          <a href={`${base}/edit`}>Edit or reschedule</a> · <a href={`${base}/cancel`}>Cancel the event</a>
        </p>
      ) : null}
      <h2 id="attendees">Attendees ({confirmed.total})</h2>
      <p>
        <a href={`${base}/attendees.csv`}>Download attendees and waiting list (CSV)</a>
      </p>
      <RosterTable entries={confirmed.entries} />
      <RosterPager
        label="attendees"
        page={confirmed}
        isFirst={(after.confirmed ?? -1) < 0}
        href={(next) => rosterHref(base, { ...after, confirmed: next }, 'attendees')}
      />
      <h2 id="waiting">Waiting list ({waiting.total})</h2>
      <RosterTable entries={waiting.entries} />
      <RosterPager
        label="waiting list"
        page={waiting}
        isFirst={(after.waiting ?? -1) < 0}
        href={(next) => rosterHref(base, { ...after, waiting: next }, 'waiting')}
      />
      <h2>Message attendees</h2>
      <p>An email to every confirmed attendee, sent through the outbox.</p>
      <ErrorSummary errors={errors} labels={{ subject: 'Subject', text: 'Message' }} />
      <form method="post" action={`${base}/message`} novalidate>
        <CsrfField token={props.csrfToken} />
        <TextField name="subject" label="Subject" value={props.message?.subject ?? ''} error={errors.subject} maxlength={200} />
        <div class={errors.text ? 'field field-invalid' : 'field'}>
          <label for="field-text">Message</label>
          <p class="field-error" id="error-text" hidden={!errors.text} aria-live="polite">
            {errors.text ?? ''}
          </p>
          <textarea id="field-text" name="text" rows="6" aria-describedby="error-text">
            {props.message?.text ?? ''}
          </textarea>
        </div>
        <button type="submit">Send to attendees</button>
      </form>
    </StaffLayout>
  );
}

export function NewsroomEventCancelPage(props: StaffPage & { event: StaffEvent; error?: string }) {
  const { event } = props;
  return (
    <StaffLayout site={props.site} account={props.account} title={`Cancel: ${event.title}`}>
      <NewsroomNav current="events" />
      <h1>Cancel “{event.title}”?</h1>
      {props.error ? (
        <p class="error-summary" role="alert">
          {props.error}
        </p>
      ) : null}
      <p>
        Every confirmed attendee ({event.confirmedCount}) is emailed that the event is called off, with a calendar update that removes it.
        This cannot be undone.
      </p>
      <form method="post" action={`/newsroom/events/${event.id}/cancel`}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="version" value={String(event.version)} />
        <button type="submit">Yes, cancel the event</button>
      </form>
      <p>
        <a href={`/newsroom/events/${event.id}`}>No, go back</a>
      </p>
    </StaffLayout>
  );
}
