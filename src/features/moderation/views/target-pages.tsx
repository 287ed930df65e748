// Pages about one reader, one article, the banned-words list and the audit log.
import { CsrfField } from '../../../core/views/forms.js';
import type { ArticleModeration, BannedWordItem, LogItem, Page, ReaderModeration } from '../moderation.queries.js';
import { MAX_REASON_LENGTH } from '../moderation.service.js';
import { MODERATION_ACTIONS } from '../moderation.types.js';
import { MAX_PHRASE_LENGTH } from '../comment-text.js';
import { ActionButton, ModerationLayout, Pagination, Time, type ModerationChrome } from './moderation-layout.js';
import { CommentCard } from './queue-pages.js';

function ReturnTo(props: { chrome: ModerationChrome }) {
  return <input type="hidden" name="returnTo" value={props.chrome.currentPath} />;
}

export function ReaderPage(props: { chrome: ModerationChrome; reader: ReaderModeration; suspendDefault: string }) {
  const { chrome, reader } = props;
  const base = `/newsroom/moderation/readers/${reader.id}`;
  const isReader = reader.role === 'reader';
  const standing =
    reader.standing.kind === 'banned' ? (
      <>Banned</>
    ) : reader.standing.kind === 'suspended' ? (
      <>
        Suspended until <Time site={chrome.site} at={reader.standing.until} />
      </>
    ) : (
      <>In good standing</>
    );
  return (
    <ModerationLayout chrome={chrome} title={`Reader: ${reader.name}`} section="">
      <h1>Reader: {reader.name}</h1>
      <dl>
        <dt>Joined</dt>
        <dd>
          <Time site={chrome.site} at={reader.joinedAt} />
        </dd>
        <dt>Published comments</dt>
        <dd>{reader.publishedCount}</dd>
        <dt>Standing</dt>
        <dd>{standing}</dd>
        {reader.reason ? (
          <>
            <dt>Reason given</dt>
            <dd>{reader.reason}</dd>
          </>
        ) : null}
        <dt>Pre-moderation</dt>
        <dd>{reader.isPremoderated ? 'On: new comments are held for moderation' : 'Off'}</dd>
      </dl>
      {isReader ? (
        <>
          <h2>Pre-moderation</h2>
          <ActionButton
            chrome={chrome}
            action={`${base}/premoderation`}
            fields={{ premoderated: reader.isPremoderated ? 'off' : 'on' }}
            label={reader.isPremoderated ? 'Stop pre-moderating this reader' : 'Pre-moderate this reader'}
          />
          {reader.standing.kind !== 'good' ? (
            <>
              <h2>Lift the {reader.standing.kind === 'banned' ? 'ban' : 'suspension'}</h2>
              <ActionButton chrome={chrome} action={`${base}/lift`} label="Let this reader comment again" />
            </>
          ) : null}
          <h2>Suspend</h2>
          <form method="post" action={`${base}/suspend`}>
            <CsrfField token={chrome.csrfToken} />
            <ReturnTo chrome={chrome} />
            <div class="field">
              <label for="field-until">Suspended until</label>
              <p class="field-hint" id="hint-until">
                Date and time in {chrome.site.timeZone}. The reader cannot post, edit, recommend, report or follow until then.
              </p>
              <input
                id="field-until"
                name="until"
                type="datetime-local"
                value={props.suspendDefault}
                required
                aria-describedby="hint-until"
              />
            </div>
            <div class="field">
              <label for="field-suspend-reason">Reason (optional)</label>
              <textarea id="field-suspend-reason" name="reason" rows="2" maxlength={MAX_REASON_LENGTH}></textarea>
            </div>
            <button type="submit" class="button-danger">
              Suspend
            </button>
          </form>
          <h2>Ban</h2>
          <form method="post" action={`${base}/ban`}>
            <CsrfField token={chrome.csrfToken} />
            <ReturnTo chrome={chrome} />
            <div class="field">
              <label for="field-ban-reason">Reason for the ban</label>
              <textarea id="field-ban-reason" name="reason" rows="2" maxlength={MAX_REASON_LENGTH} required></textarea>
            </div>
            <button type="submit" class="button-danger">
              Ban
            </button>
          </form>
        </>
      ) : (
        <p>This is a staff account: change its role to restrict it.</p>
      )}
      <h2>Recent comments</h2>
      {reader.recentComments.items.length === 0 ? (
        <p class="empty">No comments yet.</p>
      ) : (
        reader.recentComments.items.map((comment) => <CommentCard chrome={chrome} comment={comment} headingLevel="h3" />)
      )}
    </ModerationLayout>
  );
}

export function ArticleModerationPage(props: { chrome: ModerationChrome; article: ArticleModeration }) {
  const { chrome, article } = props;
  const base = `/newsroom/moderation/articles/${article.id}`;
  return (
    <ModerationLayout chrome={chrome} title={`Comments on: ${article.headline}`} section="">
      <h1>Comments on “{article.headline}”</h1>
      <dl>
        <dt>Comments</dt>
        <dd>{article.isCommentsOpen ? 'Open' : 'Closed'}</dd>
        <dt>Pre-moderation</dt>
        <dd>{article.isPremoderated ? 'On: new comments are held for moderation' : 'Off'}</dd>
        <dt>Published / pending / rejected</dt>
        <dd>
          {article.counts.published} / {article.counts.pending} / {article.counts.rejected}
        </dd>
      </dl>
      <h2>Open or close</h2>
      {article.isCommentsOpen ? (
        <ActionButton chrome={chrome} action={`${base}/close`} label="Close comments" isDanger />
      ) : (
        <ActionButton chrome={chrome} action={`${base}/open`} label="Open comments" />
      )}
      <h2>Pre-moderation</h2>
      <ActionButton
        chrome={chrome}
        action={`${base}/premoderation`}
        fields={{ premoderated: article.isPremoderated ? 'off' : 'on' }}
        label={article.isPremoderated ? 'Stop pre-moderating this article' : 'Pre-moderate this article'}
      />
    </ModerationLayout>
  );
}

export function BannedWordsPage(props: { chrome: ModerationChrome; words: BannedWordItem[] }) {
  const { chrome, words } = props;
  return (
    <ModerationLayout chrome={chrome} title="Banned words" section="/newsroom/moderation/banned-words">
      <h1>Banned words</h1>
      <p>
        Whole words and phrases, matched regardless of letter case and of look-alike characters. “Reject” refuses the comment and asks the
        author to rephrase it (without saying which word); “Hold” keeps it for a moderator.
      </p>
      <h2>Add a word or phrase</h2>
      <form method="post" action="/newsroom/moderation/banned-words">
        <CsrfField token={chrome.csrfToken} />
        <ReturnTo chrome={chrome} />
        <div class="field">
          <label for="field-phrase">Word or phrase</label>
          <input id="field-phrase" name="phrase" type="text" maxlength={MAX_PHRASE_LENGTH} required autocomplete="off" />
        </div>
        <fieldset class="field">
          <legend>What happens to a comment containing it</legend>
          <div class="field-checkbox">
            <input id="field-action-reject" type="radio" name="action" value="reject" checked />
            <label for="field-action-reject">Reject it</label>
          </div>
          <div class="field-checkbox">
            <input id="field-action-hold" type="radio" name="action" value="hold" />
            <label for="field-action-hold">Hold it for a moderator</label>
          </div>
        </fieldset>
        <button type="submit" class="button-primary">
          Add
        </button>
      </form>
      <h2>The list</h2>
      {words.length === 0 ? (
        <p class="empty">The list is empty.</p>
      ) : (
        <table>
          <caption>Banned words and phrases, alphabetical</caption>
          <thead>
            <tr>
              <th scope="col">Word or phrase</th>
              <th scope="col">Action</th>
              <th scope="col">Added</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {words.map((word) => (
              <tr>
                <td>{word.phrase}</td>
                <td>{word.action === 'reject' ? 'Reject' : 'Hold'}</td>
                <td>
                  <Time site={chrome.site} at={word.createdAt} />
                </td>
                <td>
                  <ActionButton
                    chrome={chrome}
                    action={`/newsroom/moderation/banned-words/${word.id}/remove`}
                    label="Remove"
                    accessibleLabel={`Remove “${word.phrase}”`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ModerationLayout>
  );
}

export function LogPage(props: { chrome: ModerationChrome; entries: Page<LogItem> }) {
  const { chrome, entries } = props;
  return (
    <ModerationLayout chrome={chrome} title="Moderation audit log" section="/newsroom/moderation/log">
      <h1>Moderation audit log</h1>
      <p>Who did what, and why: every moderation action, newest first.</p>
      {entries.items.length === 0 ? (
        <p class="empty">Nothing has been moderated yet.</p>
      ) : (
        <table>
          <caption>Moderation actions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Concerning</th>
              <th scope="col">Reason or detail</th>
            </tr>
          </thead>
          <tbody>
            {entries.items.map((entry) => (
              <tr>
                <td>
                  <Time site={chrome.site} at={entry.createdAt} />
                </td>
                <td>{entry.staffName}</td>
                <td>
                  {Object.hasOwn(MODERATION_ACTIONS, entry.action)
                    ? MODERATION_ACTIONS[entry.action as keyof typeof MODERATION_ACTIONS]
                    : entry.action}
                </td>
                <td>
                  {entry.commentId !== null ? <>Comment {entry.commentId} </> : null}
                  {entry.reader ? <a href={`/newsroom/moderation/readers/${entry.reader.id}`}>{entry.reader.name}</a> : null}
                  {entry.reader && entry.article ? ' · ' : null}
                  {entry.article ? <a href={`/newsroom/moderation/articles/${entry.article.id}`}>{entry.article.headline}</a> : null}
                </td>
                <td>{entry.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination
        basePath="/newsroom/moderation/log"
        page={entries.page}
        hasNextPage={entries.hasNextPage}
        label="Audit log pages"
        newer="Newer"
        older="Older"
      />
    </ModerationLayout>
  );
}
