// Attendees' questions on the event page. Confirmed attendees of an event
// that has not ended get the form and an upvote button per question (a
// <button> in a form each: no JavaScript needed); other readers who may
// attend see the list read-only; readers who may not attend see none of it.
// Questions are shown without their author's name, and only published ones.
import { CsrfField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import { QUESTION_MAX_LENGTH, type EventQuestion } from '../event-questions.service.js';
import { formatEventTime } from './event-time.js';

/** What the questions part of the page shows this reader, decided by the route. */
export type QuestionsModel =
  | {
      kind: 'attendee';
      csrfToken: string;
      questions: EventQuestion[];
      votedIds: number[];
      /** What the reader typed, shown again beside `error`. */
      draft?: string;
      error?: string;
    }
  | { kind: 'read-only'; questions: EventQuestion[]; why: 'no-seat' | 'ended'; error?: string }
  | { kind: 'invitation' };

function QuestionItem(props: {
  question: EventQuestion;
  site: SiteContext;
  vote?: { action: string; csrfToken: string; hasVoted: boolean };
}) {
  const { question, vote } = props;
  const votes = `${question.votes} ${question.votes === 1 ? 'vote' : 'votes'}`;
  return (
    <li class={question.answeredAt ? 'event-question event-question-answered' : 'event-question'} id={`question-${question.id}`}>
      <p class="event-question-body" id={`question-${question.id}-body`}>
        {question.body}
      </p>
      <p class="event-question-meta">
        {votes}
        {question.answeredAt ? (
          <>
            {' · '}
            <strong>Answered</strong>{' '}
            <time datetime={question.answeredAt}>{formatEventTime(question.answeredAt, props.site.timeZone)}</time>
          </>
        ) : null}
      </p>
      {vote ? (
        vote.hasVoted ? (
          <p class="event-question-voted">You upvoted this question.</p>
        ) : (
          <form method="post" action={vote.action} class="inline-form">
            <CsrfField token={vote.csrfToken} />
            <button type="submit" class="button-secondary" aria-describedby={`question-${question.id}-body`}>
              Upvote
            </button>
          </form>
        )
      ) : null}
    </li>
  );
}

function QuestionList(props: {
  questions: EventQuestion[];
  site: SiteContext;
  vote?: (question: EventQuestion) => Parameters<typeof QuestionItem>[0]['vote'];
}) {
  if (!props.questions.length) return <p>No questions yet.</p>;
  return (
    <ol class="event-questions-list">
      {props.questions.map((question) => (
        <QuestionItem question={question} site={props.site} vote={props.vote?.(question)} />
      ))}
    </ol>
  );
}

export function EventQuestionsSection(props: { model: QuestionsModel; eventKey: string; site: SiteContext }) {
  const { model, site } = props;
  const base = `/events/${props.eventKey}/questions`;
  if (model.kind === 'invitation')
    return (
      <section class="event-questions" id="questions" aria-labelledby="questions-heading">
        <h2 id="questions-heading">Questions</h2>
        <p>Attendees can send the speakers questions before and during the event, and upvote each other’s.</p>
      </section>
    );
  if (model.kind === 'read-only')
    return (
      <section class="event-questions" id="questions" aria-labelledby="questions-heading">
        <h2 id="questions-heading">Attendees’ questions</h2>
        {model.error ? (
          <p class="field-error" role="alert">
            {model.error}
          </p>
        ) : null}
        <p>
          {model.why === 'ended'
            ? 'The event has ended, so questions are closed.'
            : 'Readers with a seat can ask questions and upvote them.'}
        </p>
        <QuestionList questions={model.questions} site={site} />
      </section>
    );
  const voted = new Set(model.votedIds);
  const hintId = 'hint-question';
  const errorId = 'error-question';
  return (
    <section class="event-questions" id="questions" aria-labelledby="questions-heading">
      <h2 id="questions-heading">Questions for the speakers</h2>
      <form method="post" action={base} class="event-question-form" novalidate>
        <CsrfField token={model.csrfToken} />
        <div class={model.error ? 'field field-invalid' : 'field'}>
          <label for="field-question">Your question</label>
          <p class="field-hint" id={hintId}>
            Up to {QUESTION_MAX_LENGTH} characters. Other attendees see it without your name; our community guidelines apply.
          </p>
          <p class="field-error" id={errorId} hidden={!model.error} aria-live="polite">
            {model.error ?? ''}
          </p>
          <textarea
            id="field-question"
            name="question"
            rows="3"
            maxlength={QUESTION_MAX_LENGTH}
            required
            aria-invalid={model.error ? 'true' : undefined}
            aria-describedby={`${hintId} ${errorId}`}
          >
            {model.draft ?? ''}
          </textarea>
        </div>
        <button type="submit" class="button-primary">
          Ask
        </button>
      </form>
      <h3>Questions so far</h3>
      <QuestionList
        questions={model.questions}
        site={site}
        vote={(question) => ({ action: `${base}/${question.id}/upvote`, csrfToken: model.csrfToken, hasVoted: voted.has(question.id) })}
      />
    </section>
  );
}
