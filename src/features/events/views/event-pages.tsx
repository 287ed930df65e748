// The reader's event pages: the list (upcoming, then past with recordings)
// and one event with what this reader may do. Every action is a <button> in a
// form with its CSRF token, so everything works without JavaScript. Built from
// `PublicEvent` only: the stream address is not in reach of these views.
import type { Child } from '#jsx/jsx-runtime';
import { CsrfField } from '../../../core/views/forms.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { authorPath } from '../../articles/articles.service.js';
import type { Attendance, PublicEvent } from '../events.types.js';
import { eventHead, eventPath } from './event-metadata.js';
import { EventQuestionsSection, type QuestionsModel } from './event-questions.js';
import { EventTimes, formatEventTime } from './event-time.js';

const WHO_MAY_ATTEND: Record<PublicEvent['access'], string> = {
  registered: 'Open to registered readers (free)',
  premium: 'For Premium subscribers',
};

function Speakers(props: { event: PublicEvent }) {
  if (!props.event.speakers.length) return null;
  return (
    <p class="event-speakers">
      With{' '}
      {props.event.speakers.map((speaker, index) => (
        <>
          {index > 0 ? (index === props.event.speakers.length - 1 ? ' and ' : ', ') : null}
          <a href={authorPath(speaker.slug)}>{speaker.name}</a>
          {speaker.jobTitle ? `, ${speaker.jobTitle}` : null}
        </>
      ))}
    </p>
  );
}

function EventCard(props: { event: PublicEvent; site: SiteContext; past?: boolean }) {
  const { event, site } = props;
  return (
    <li class="event-card">
      <h3>
        <a href={eventPath(event)}>{event.title}</a>
        {event.status === 'cancelled' ? <span class="event-status"> (cancelled)</span> : null}
      </h3>
      <EventTimes startsAt={event.startsAt} endsAt={event.endsAt} timeZone={site.timeZone} />
      <Speakers event={event} />
      <p>{event.description}</p>
      {props.past ? (
        event.hasRecording ? (
          <p class="event-access">
            Recording available ({event.recordingAccess === 'free' ? 'for everyone' : WHO_MAY_ATTEND[event.recordingAccess].toLowerCase()})
          </p>
        ) : null
      ) : (
        <p class="event-access">{WHO_MAY_ATTEND[event.access]}</p>
      )}
    </li>
  );
}

function EventsLayout(props: {
  site: SiteContext;
  title: string;
  description: string;
  canonicalPath: string;
  scripts: string[];
  head?: Child;
  children?: Child;
}) {
  return (
    <Layout
      site={props.site}
      meta={{
        title: props.title,
        description: props.description,
        canonicalPath: props.canonicalPath,
        scripts: props.scripts,
        ...(props.head ? { head: props.head as never } : {}),
      }}
    >
      <div class="events-page">{props.children}</div>
    </Layout>
  );
}

export function EventListPage(props: { site: SiteContext; upcoming: PublicEvent[]; past: PublicEvent[]; scripts: string[] }) {
  const { site } = props;
  return (
    <EventsLayout
      site={site}
      title="Events"
      description={`Virtual events with the journalists of ${site.publicationName}.`}
      canonicalPath="/events"
      scripts={props.scripts}
    >
      <h1>Events</h1>
      <p>Live conversations with our journalists, online. Times are shown in {site.timeZone.replace(/_/g, ' ')} time.</p>
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">Upcoming events</h2>
        {props.upcoming.length ? (
          <ul class="event-list">
            {props.upcoming.map((event) => (
              <EventCard event={event} site={site} />
            ))}
          </ul>
        ) : (
          <p>No events are planned just now.</p>
        )}
      </section>
      <section aria-labelledby="past-heading">
        <h2 id="past-heading">Past events</h2>
        {props.past.length ? (
          <ul class="event-list">
            {props.past.map((event) => (
              <EventCard event={event} site={site} past />
            ))}
          </ul>
        ) : (
          <p>No past events yet.</p>
        )}
      </section>
    </EventsLayout>
  );
}

/** What this reader may do on the page, decided by the route from the service's answers. */
export type EventViewer =
  | { kind: 'anonymous'; csrfToken: string }
  | { kind: 'needs-subscription' }
  | { kind: 'eligible'; csrfToken: string; attendance: Attendance; joinLink: string | null; joinOpensAt: string };

export interface EventPageModel {
  event: PublicEvent;
  /** upcoming: can still be signed up for; live: started, not ended; ended; cancelled. */
  phase: 'upcoming' | 'live' | 'ended' | 'cancelled';
  viewer: EventViewer;
  recordingUrl: string | null;
  notice: string | null;
  /** Attendees' questions as this reader may see them; null: none of it. */
  questions: QuestionsModel | null;
}

function ActionForm(props: { action: string; csrfToken: string; label: string; primary?: boolean }) {
  return (
    <form method="post" action={props.action} class="event-action">
      <CsrfField token={props.csrfToken} />
      <button type="submit" class={props.primary === false ? 'button-secondary' : 'button-primary'}>
        {props.label}
      </button>
    </form>
  );
}

function SubscribeWall(props: { event: PublicEvent }) {
  return (
    <section class="wall" id="wall" aria-labelledby="wall-heading" data-wall="subscribe">
      <h2 id="wall-heading">Subscribe to take part</h2>
      <p class="wall-reason">This event is for Premium subscribers.</p>
      <p>Subscribers get:</p>
      <ul class="wall-benefits">
        <li>Every Premium article, without a limit</li>
        <li>Exclusive newsletters</li>
        <li>Commenting and virtual events</li>
      </ul>
      <p>
        <a class="button-primary" href={`/subscribe?next=${encodeURIComponent(eventPath(props.event))}`}>
          Subscribe
        </a>
      </p>
      <p>
        Already a subscriber? <a href={`/signin?next=${encodeURIComponent(eventPath(props.event))}`}>Sign in</a>
      </p>
    </section>
  );
}

function Participation(props: { model: EventPageModel; site: SiteContext }) {
  const { event, viewer, phase } = props.model;
  if (phase === 'cancelled') return <p class="event-notice">This event has been cancelled.</p>;
  if (phase === 'ended') return null;
  const full = event.confirmedCount >= event.capacity;
  const signUpAction = `/events/${event.publicId}/sign-up`;
  if (viewer.kind === 'needs-subscription') return <SubscribeWall event={event} />;
  if (viewer.kind === 'anonymous')
    return (
      <section class="event-participation" aria-label="Take part">
        <p>Register for free (or sign in) and we will sign you up straight away.</p>
        <ActionForm action={signUpAction} csrfToken={viewer.csrfToken} label={full ? 'Join the waiting list' : 'Sign up'} />
        <p>
          Already registered? <a href={`/signin?next=${encodeURIComponent(eventPath(event))}`}>Sign in</a>
        </p>
      </section>
    );
  const { attendance } = viewer;
  const cancelAction = `/events/${event.publicId}/cancel`;
  if (attendance.kind === 'confirmed')
    return (
      <section class="event-participation" aria-label="Your place">
        <p class="event-status-line">You are signed up.</p>
        {viewer.joinLink ? (
          <p>
            <a class="button-primary" href={viewer.joinLink}>
              Join the event
            </a>{' '}
            <span class="event-join-hint">
              Your personal link opens {formatEventTime(viewer.joinOpensAt, props.site.timeZone)}. Please do not share it.
            </span>
          </p>
        ) : null}
        <ActionForm action={cancelAction} csrfToken={viewer.csrfToken} label="Cancel my place" primary={false} />
      </section>
    );
  if (attendance.kind === 'waiting')
    return (
      <section class="event-participation" aria-label="Your place">
        <p class="event-status-line">You are on the waiting list (number {attendance.place}).</p>
        <p>If a seat frees up, it goes to the first reader on the list, and we will email you.</p>
        <ActionForm action={cancelAction} csrfToken={viewer.csrfToken} label="Cancel my place" primary={false} />
      </section>
    );
  return (
    <section class="event-participation" aria-label="Take part">
      {full ? <p>This event is full. Join the waiting list and you will get the next free seat, in order.</p> : null}
      <ActionForm action={signUpAction} csrfToken={viewer.csrfToken} label={full ? 'Join the waiting list' : 'Sign up'} />
    </section>
  );
}

export function EventPage(props: { site: SiteContext; model: EventPageModel; scripts: string[] }) {
  const { site, model } = props;
  const { event } = model;
  return (
    <EventsLayout
      site={site}
      title={event.title}
      description={event.description}
      canonicalPath={eventPath(event)}
      scripts={props.scripts}
      head={eventHead(site, event)}
    >
      <article class="event">
        <p class="event-kicker">
          <a href="/events">Events</a>
        </p>
        <h1>{event.title}</h1>
        {model.notice ? (
          <p class="site-notice" role="status">
            {model.notice}
          </p>
        ) : null}
        <EventTimes startsAt={event.startsAt} endsAt={event.endsAt} timeZone={site.timeZone} />
        <Speakers event={event} />
        <p class="event-access">{WHO_MAY_ATTEND[event.access]}</p>
        <div class="event-description">
          {event.description.split(/\n{2,}/).map((paragraph) => (
            <p>{paragraph}</p>
          ))}
        </div>
        <Participation model={model} site={site} />
        {model.phase === 'ended' ? (
          model.recordingUrl ? (
            <p class="event-recording">
              <a href={model.recordingUrl} rel="noopener">
                Watch the recording
              </a>
            </p>
          ) : event.hasRecording ? (
            <p class="event-recording">
              A recording is available to {event.recordingAccess === 'premium' ? 'Premium subscribers' : 'registered readers'}.{' '}
              {event.recordingAccess === 'premium' ? (
                <a href={`/subscribe?next=${encodeURIComponent(eventPath(event))}`}>Subscribe to watch it</a>
              ) : (
                <a href={`/register?next=${encodeURIComponent(eventPath(event))}`}>Register for free to watch it</a>
              )}
            </p>
          ) : (
            <p>This event has ended.</p>
          )
        ) : null}
        {model.questions ? <EventQuestionsSection model={model.questions} eventKey={event.publicId} site={site} /> : null}
      </article>
    </EventsLayout>
  );
}

/** A join link before its window: when it opens. */
export function JoinNotYetPage(props: { site: SiteContext; event: PublicEvent; opensAt: string }) {
  const { site, event } = props;
  return (
    <Layout site={site} meta={{ title: `${event.title}: not open yet`, description: event.title, robots: 'noindex' }}>
      <div class="events-page">
        <h1>The event has not opened yet</h1>
        <p>
          Your link to <a href={eventPath(event)}>{event.title}</a> opens at{' '}
          <time datetime={props.opensAt}>{formatEventTime(props.opensAt, site.timeZone)}</time>, shortly before the start. Please come back
          then.
        </p>
      </div>
    </Layout>
  );
}

/** A join link that does not let this reader in: said plainly, with the way back. */
export function JoinRefusedPage(props: { site: SiteContext; event: PublicEvent | null; reason: 'refused' | 'over' }) {
  const { site, event } = props;
  const heading = props.reason === 'over' ? 'This event has ended' : 'This join link does not work for you';
  return (
    <Layout site={site} meta={{ title: heading, description: heading, robots: 'noindex' }}>
      <div class="events-page">
        <h1>{heading}</h1>
        {props.reason === 'over' ? (
          <p>The event is over, so its link no longer opens.</p>
        ) : (
          <p>
            Join links are personal: each works only for the reader it was made for, while they hold a seat. Readers on the waiting list, or
            who cancelled their place, cannot join with one.
          </p>
        )}
        <p>{event ? <a href={eventPath(event)}>Back to {event.title}</a> : <a href="/events">See our events</a>}</p>
      </div>
    </Layout>
  );
}
