// The newsroom's newsletters: the list with a form to add one, a newsletter's
// settings and issues, and an issue's page (compose, preview, test, schedule,
// send, pause, resume, cancel, and its figures with a chart).
import type { SafeHtml } from '#jsx/jsx-runtime';
import { CsrfField } from '../../../core/views/forms.js';
import { formatDateline } from '../../../core/views/format.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { DeskBriefing, DeskFigures, DeskIssue, DeskNewsletter } from '../newsletter-desk.model.js';
import { FiguresChart } from './newsletter-figures-chart.js';
import { IssueEditor, type IssueEditorProps } from './newsletter-issue-editor.js';
import { NewsroomNav, StaffLayout } from './staff-layout.js';
import { TaxonomyForm, type TaxonomyFormProps } from './taxonomy-pages.js';

export const DESK_PATH = '/newsroom/newsletters';
export const deskPathOf = (newsletter: { slug: string }) => `${DESK_PATH}/${newsletter.slug}`;
export const issuePathOf = (newsletter: { slug: string }, issue: { id: number }) => `${deskPathOf(newsletter)}/issues/${issue.id}`;

interface Frame {
  site: SiteContext;
  account: SafeHtml;
  csrfToken: string;
  notice?: string | undefined;
  /** The article editor's script (it enhances the issue's body), or none. */
  scripts?: string[] | undefined;
}

const STATE_LABELS: Record<string, string> = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  sending: 'Sending',
  paused: 'Paused',
  cancelled: 'Cancelled',
  sent: 'Sent',
};

function Notice(props: { notice?: string | undefined }) {
  return props.notice ? (
    <p class="notice" role="status">
      {props.notice}
    </p>
  ) : null;
}

export function NewsletterListPage(props: Frame & { newsletters: DeskNewsletter[]; form: TaxonomyFormProps }) {
  return (
    <StaffLayout site={props.site} account={props.account} title="Newsletters">
      <NewsroomNav current="newsletters" />
      <h1>Newsletters</h1>
      <Notice notice={props.notice} />
      {props.newsletters.length === 0 ? (
        <p>No newsletters yet. Add the first below.</p>
      ) : (
        <table class="newsroom-table">
          <caption>Every newsletter</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Who gets it</th>
              <th scope="col">Frequency</th>
              <th scope="col">Send time</th>
            </tr>
          </thead>
          <tbody>
            {props.newsletters.map((newsletter) => (
              <tr>
                <td>
                  <a href={deskPathOf(newsletter)}>{newsletter.name}</a>
                  {newsletter.isBriefing ? ' (daily briefing from the front)' : ''}
                </td>
                <td>{newsletter.access === 'premium' ? 'Premium subscribers' : 'Registered readers'}</td>
                <td>{newsletter.frequency || '—'}</td>
                <td>{newsletter.sendTime || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Add a newsletter</h2>
      <TaxonomyForm {...props.form} />
    </StaffLayout>
  );
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** '2026-10-25' as "25 October 2026" (a local date already: no zone to apply). */
function localDateText(localDate: string): string {
  const match = LOCAL_DATE.exec(localDate);
  return match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}` : localDate;
}

/** The automatic daily briefing: on or off, the next send, and the latest days. */
function BriefingPanel(props: { newsletter: DeskNewsletter; briefing: DeskBriefing }) {
  const { briefing, newsletter } = props;
  return (
    <section aria-labelledby="heading-briefing">
      <h2 id="heading-briefing">Daily briefing</h2>
      {briefing.isOn && briefing.nextAt ? (
        <p>
          On: every day at {briefing.sendTime} ({briefing.timeZone}) an issue is made from the stories on the home front at that moment and
          sent. Next automatic send: <strong class="briefing-next">{formatDateline(briefing.nextAt, briefing.timeZone)}</strong>.
        </p>
      ) : (
        <p>
          Off. To send an issue of the home front’s stories every day, set “Daily briefing from the home front” to On and give a send time
          in the settings below.
        </p>
      )}
      {briefing.recent.length ? (
        <ul class="briefing-days">
          {briefing.recent.map((day) => (
            <li>
              {localDateText(day.localDate)}:{' '}
              {day.outcome === 'empty-front' ? (
                'none sent: the home front was empty'
              ) : day.issueId !== null ? (
                <a href={issuePathOf(newsletter, { id: day.issueId })}>the issue</a>
              ) : (
                'made (the issue has since been deleted)'
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function NewsletterEditPage(
  props: Frame & {
    newsletter: DeskNewsletter;
    form: TaxonomyFormProps;
    issues: DeskIssue[];
    issueForm: IssueEditorProps;
    briefing: DeskBriefing | null;
  },
) {
  const { newsletter } = props;
  return (
    <StaffLayout site={props.site} account={props.account} title={newsletter.name} scripts={props.scripts}>
      <NewsroomNav current="newsletters" />
      <p class="kicker">
        <a href={DESK_PATH}>Newsletters</a>
      </p>
      <h1>{newsletter.name}</h1>
      <Notice notice={props.notice} />
      <p>
        Readers sign up on <a href="/newsletters">/newsletters</a>; past issues are at{' '}
        <a href={`/newsletters/${newsletter.slug}`}>/newsletters/{newsletter.slug}</a>.
      </p>
      <h2>Issues</h2>
      {props.issues.length === 0 ? (
        <p>No issues yet.</p>
      ) : (
        <ul class="issue-list">
          {props.issues.map((issue) => (
            <li>
              <a href={issuePathOf(newsletter, issue)}>{issue.subject}</a> · {STATE_LABELS[issue.state] ?? issue.state}
              {issue.sendAt && issue.state === 'scheduled' ? ` for ${formatDateline(issue.sendAt, props.site.timeZone)}` : ''}
            </li>
          ))}
        </ul>
      )}
      {props.briefing ? <BriefingPanel newsletter={newsletter} briefing={props.briefing} /> : null}
      <h2>New issue</h2>
      <p>
        Write the issue in the editor (paragraphs, headings, lists, quotes, links, pictures from the media library), or build it from
        articles: give their ids and each is added as its headline, picture, standfirst and link, which you can then edit and introduce like
        any text. Premium articles are never sent in full.
      </p>
      <IssueEditor {...props.issueForm} />
      <h2>Settings</h2>
      <TaxonomyForm {...props.form} />
    </StaffLayout>
  );
}

function ActionButton(props: { action: string; label: string; csrfToken: string; path: string; secondary?: boolean }) {
  return (
    <form method="post" action={`${props.path}/action`} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <input type="hidden" name="action" value={props.action} />
      <button type="submit" class={props.secondary ? 'button-secondary' : undefined}>
        {props.label}
      </button>
    </form>
  );
}

export function IssuePage(
  props: Frame & {
    newsletter: DeskNewsletter;
    issue: DeskIssue;
    figures: DeskFigures | null;
    /** The edit form, for drafts and scheduled issues. */
    form: IssueEditorProps | null;
    scheduleValue: string;
    scheduleError?: string | undefined;
    canSendTest: boolean;
  },
) {
  const { newsletter, issue, figures, csrfToken } = props;
  const path = issuePathOf(newsletter, issue);
  const editable = issue.state === 'draft' || issue.state === 'scheduled';
  return (
    <StaffLayout site={props.site} account={props.account} title={issue.subject} scripts={props.form ? props.scripts : undefined}>
      <NewsroomNav current="newsletters" />
      <p class="kicker">
        <a href={DESK_PATH}>Newsletters</a> · <a href={deskPathOf(newsletter)}>{newsletter.name}</a>
      </p>
      <h1>{issue.subject}</h1>
      <Notice notice={props.notice} />
      <p>
        <strong>{STATE_LABELS[issue.state] ?? issue.state}</strong>
        {issue.state === 'scheduled' && issue.sendAt ? ` for ${formatDateline(issue.sendAt, props.site.timeZone)}` : ''}
        {issue.startedAt ? ` · started ${formatDateline(issue.startedAt, props.site.timeZone)}` : ''}
        {issue.finishedAt ? ` · finished ${formatDateline(issue.finishedAt, props.site.timeZone)}` : ''}
      </p>
      <h2>Preview</h2>
      <p>
        The email as it is sent: <a href={`${path}/preview?as=registered`}>as a registered reader</a> ·{' '}
        <a href={`${path}/preview?as=premium`}>as a Premium subscriber</a>.{' '}
        {newsletter.access === 'premium'
          ? 'Only Premium subscribers receive this newsletter; a registered reader without Premium is not sent it.'
          : 'Premium articles in it are a headline, a standfirst and a link for everyone; the article page applies its own wall.'}
      </p>
      <div class="newsletter-actions">
        {props.canSendTest ? (
          <ActionButton action="test" label="Send a test to yourself" csrfToken={csrfToken} path={path} secondary />
        ) : null}
        {editable ? <ActionButton action="send-now" label="Send now" csrfToken={csrfToken} path={path} /> : null}
        {issue.state === 'scheduled' ? (
          <ActionButton action="unschedule" label="Back to draft" csrfToken={csrfToken} path={path} secondary />
        ) : null}
        {issue.state === 'sending' ? <ActionButton action="pause" label="Pause the send" csrfToken={csrfToken} path={path} /> : null}
        {issue.state === 'paused' ? <ActionButton action="resume" label="Resume the send" csrfToken={csrfToken} path={path} /> : null}
        {editable || issue.state === 'sending' || issue.state === 'paused' ? (
          <ActionButton action="cancel" label="Cancel" csrfToken={csrfToken} path={path} secondary />
        ) : null}
      </div>
      {editable ? (
        <form method="post" action={`${path}/action`} class="schedule-form" novalidate>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="action" value="schedule" />
          <div class={props.scheduleError ? 'field field-invalid' : 'field'}>
            <label for="field-sendAt">Send at ({props.site.timeZone})</label>
            <p class="field-error" id="error-sendAt" hidden={!props.scheduleError} aria-live="polite">
              {props.scheduleError ?? ''}
            </p>
            <input
              id="field-sendAt"
              name="sendAt"
              type="datetime-local"
              value={props.scheduleValue}
              aria-invalid={props.scheduleError ? 'true' : undefined}
              aria-describedby="error-sendAt"
            />
          </div>
          <button type="submit">Schedule</button>
        </form>
      ) : null}
      {figures ? <FiguresSection figures={figures} /> : null}
      {props.form ? (
        <>
          <h2>Edit</h2>
          <IssueEditor {...props.form} />
        </>
      ) : null}
    </StaffLayout>
  );
}

function FiguresSection(props: { figures: DeskFigures }) {
  const { figures } = props;
  return (
    <>
      <h2>Figures</h2>
      <FiguresChart id="issue-figures" figures={figures} />
      {figures.possibleDuplicates > 0 ? (
        <p>
          {figures.possibleDuplicates} recipient{figures.possibleDuplicates === 1 ? '' : 's'} may have received it twice (the message was in
          flight when a sender stopped).
        </p>
      ) : null}
    </>
  );
}
