// Staff's question pages: one event's queue (unanswered first, by votes) with
// "Mark answered", "Hide" and "Publish", and the questions the moderation
// policy held, every event (linked from the comments' moderation queue).
// Who asked is shown to staff only. Everything a reader wrote is escaped.
import type { SafeHtml } from '#jsx/jsx-runtime';
import { CsrfField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { NewsroomNav, StaffLayout } from '../../newsroom/views/staff-layout.js';
import type { StaffQuestion, StaffQuestionAction } from '../event-questions.service.js';
import { formatEventTime } from './event-time.js';

export interface QuestionStaffPage {
  site: SiteContext;
  account: SafeHtml;
  csrfToken: string;
  /** This page's path: actions come back here. */
  currentPath: string;
  notice?: string;
}

const STATUS_LABELS: Record<StaffQuestion['status'], string> = {
  published: 'Published',
  pending: 'Held for moderation',
  rejected: 'Hidden',
  deleted: 'Withdrawn',
};

const ACTION_LABELS: Record<StaffQuestionAction, string> = { answer: 'Mark answered', hide: 'Hide', publish: 'Publish' };

function QuestionAction(props: { page: QuestionStaffPage; question: StaffQuestion; action: StaffQuestionAction }) {
  return (
    <form method="post" action={`/newsroom/events/questions/${props.question.id}/${props.action}`} class="inline-form">
      <CsrfField token={props.page.csrfToken} />
      <input type="hidden" name="returnTo" value={props.page.currentPath} />
      <button
        type="submit"
        class={props.action === 'hide' ? 'button-danger' : 'button-primary'}
        aria-label={`${ACTION_LABELS[props.action]}: question ${props.question.id}`}
      >
        {ACTION_LABELS[props.action]}
      </button>
    </form>
  );
}

function QuestionCard(props: { page: QuestionStaffPage; question: StaffQuestion; showEvent: boolean }) {
  const { page, question } = props;
  const headingId = `question-${question.id}-heading`;
  const actions: StaffQuestionAction[] = [];
  if (question.status === 'published' && !question.answeredAt) actions.push('answer');
  if (question.status === 'pending' || question.status === 'rejected') actions.push('publish');
  if (question.status === 'published' || question.status === 'pending') actions.push('hide');
  return (
    <li class="moderation-comment" id={`question-${question.id}`}>
      <article aria-labelledby={headingId}>
        <h2 id={headingId}>
          Question {question.id} from {question.askedBy.name}
        </h2>
        <p class="card-meta">
          {props.showEvent ? (
            <>
              For <a href={`/newsroom/events/${question.eventId}/questions`}>{question.eventTitle}</a> ·{' '}
            </>
          ) : null}
          {question.votes} {question.votes === 1 ? 'vote' : 'votes'} · {STATUS_LABELS[question.status]}
          {question.answeredAt ? <> · Answered {formatEventTime(question.answeredAt, page.site.timeZone)}</> : null} · asked{' '}
          <time datetime={question.createdAt}>{formatEventTime(question.createdAt, page.site.timeZone)}</time> ·{' '}
          <a href={`/newsroom/moderation/readers/${question.askedBy.id}`}>About this reader</a>
        </p>
        {question.statusReason ? <p class="field-hint">Reason: {question.statusReason}</p> : null}
        <p>{question.body}</p>
        <div class="moderation-actions">
          {actions.map((action) => (
            <QuestionAction page={page} question={question} action={action} />
          ))}
        </div>
      </article>
    </li>
  );
}

function Notice(props: { text?: string | undefined }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}

export function EventQuestionsQueuePage(
  props: QuestionStaffPage & { event: { id: number; title: string; slug: string }; questions: StaffQuestion[] },
) {
  const { event } = props;
  const open = props.questions.filter((question) => question.status === 'published' && !question.answeredAt).length;
  return (
    <StaffLayout site={props.site} account={props.account} title={`Questions: ${event.title}`}>
      <NewsroomNav current="events" />
      <p class="kicker">
        <a href={`/newsroom/events/${event.id}`}>{event.title}</a>
      </p>
      <h1>Attendees’ questions</h1>
      <Notice text={props.notice} />
      <p>
        Unanswered questions first, the most upvoted at the top ({open} open). Readers see published questions only, without names.{' '}
        <a href={`/events/${event.slug}#questions`}>The reader page</a> ·{' '}
        <a href="/newsroom/events/questions">Questions held for moderation, all events</a>
      </p>
      {props.questions.length ? (
        <ol class="moderation-list">
          {props.questions.map((question) => (
            <QuestionCard page={props} question={question} showEvent={false} />
          ))}
        </ol>
      ) : (
        <p class="empty">No questions yet.</p>
      )}
    </StaffLayout>
  );
}

export function PendingQuestionsPage(props: QuestionStaffPage & { questions: StaffQuestion[] }) {
  return (
    <StaffLayout site={props.site} account={props.account} title="Event questions held for moderation">
      <NewsroomNav current="events" />
      <p class="kicker">
        <a href="/newsroom/moderation">Moderation</a>
      </p>
      <h1>Event questions held for moderation</h1>
      <Notice text={props.notice} />
      <p>
        Attendees’ questions the moderation policy held (a phrase on the moderation list, a pre-moderated reader, links from a new account),
        oldest first. Publish them for attendees to see, or hide them.
      </p>
      {props.questions.length ? (
        <ol class="moderation-list">
          {props.questions.map((question) => (
            <QuestionCard page={props} question={question} showEvent />
          ))}
        </ol>
      ) : (
        <p class="empty">No questions are waiting.</p>
      )}
    </StaffLayout>
  );
}
