// An article's revisions (who, when, what) and the comparison of any two,
// with the way back to an older one ("Restore this revision").
import { CsrfField } from '../../../core/views/forms.js';
import { formatDateline } from '../../../core/views/format.js';
import type { EditableArticle, Revision, RevisionSummary } from '../../articles/articles.types.js';
import type { SnapshotComparison } from '../revision-compare.js';
import { ArticleToolPage, articleToolPath, type StaffChrome } from './article-tools.js';
import { ParagraphsDiff, WordDiff } from './diff-view.js';

const ACTION_LABELS: Record<RevisionSummary['action'], string> = {
  create: 'Created',
  save: 'Saved',
  autosave: 'Autosaved',
  submit: 'Submitted for review',
  publish: 'Published',
  schedule: 'Scheduled',
  unpublish: 'Unpublished',
  restore: 'Restored an earlier revision',
  correct: 'Added a correction',
  conflict: 'Save from an outdated tab (kept, not applied)',
};

export const actionLabel = (action: RevisionSummary['action']) => ACTION_LABELS[action];

export interface RevisionListModel {
  article: EditableArticle;
  revisions: RevisionSummary[];
  /** The next (older) page, when there is one. */
  olderHref: string | null;
  /** A restore arrived after another save: it was kept as a revision, not applied. */
  conflict?: boolean;
}

export function RevisionListPage(props: StaffChrome & { model: RevisionListModel }) {
  const { site, model } = props;
  const { article, revisions } = model;
  const comparePath = `${articleToolPath(article.id, 'revisions')}/compare`;
  const when = (at: string) => <time datetime={at}>{formatDateline(at, site.timeZone)}</time>;
  return (
    <ArticleToolPage {...props} title="Revisions" articleId={article.id} headline={article.headline} current="revisions">
      <p>Every save is kept: who made it, when, and what it did. Compare any two, and restore an earlier one as a new save.</p>
      {model.conflict ? (
        <p class="notice" role="status">
          Someone saved this article after you opened the comparison, so the revision was not restored (it is kept in the list as a save
          from an outdated tab). Compare again with the newest version before restoring.
        </p>
      ) : null}
      {revisions.length >= 2 ? (
        <form method="get" action={comparePath} class="revision-compare-form">
          <h2>Compare two revisions</h2>
          <p>
            <label for="compare-from">Older</label>{' '}
            <select id="compare-from" name="from">
              {revisions.map((revision, index) => (
                <option value={String(revision.id)} selected={index === 1}>
                  {`Version ${revision.version}: ${actionLabel(revision.action)} by ${revision.actorName}`}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="compare-to">Newer</label>{' '}
            <select id="compare-to" name="to">
              {revisions.map((revision, index) => (
                <option value={String(revision.id)} selected={index === 0}>
                  {`Version ${revision.version}: ${actionLabel(revision.action)} by ${revision.actorName}`}
                </option>
              ))}
            </select>
          </p>
          <p>
            <button type="submit" class="button-primary">
              Compare
            </button>
          </p>
        </form>
      ) : null}
      <h2>History</h2>
      <table class="revisions-table">
        <caption class="visually-hidden">Revisions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Version</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((revision, index) => {
            const previous = revisions[index + 1];
            return (
              <tr data-revision={String(revision.id)}>
                <td>{when(revision.createdAt)}</td>
                <td>{revision.actorName}</td>
                <td>{actionLabel(revision.action)}</td>
                <td>{String(revision.version)}</td>
                <td>
                  {previous ? (
                    <a href={`${comparePath}?from=${previous.id}&to=${revision.id}`}>
                      What changed<span class="visually-hidden"> in version {String(revision.version)}</span>
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {model.olderHref ? (
        <p>
          <a href={model.olderHref}>Older revisions</a>
        </p>
      ) : null}
    </ArticleToolPage>
  );
}

export interface RevisionCompareModel {
  article: EditableArticle;
  from: Revision;
  to: Revision;
  comparison: SnapshotComparison;
  csrfToken: string;
  /** Why this person may not restore (the service would refuse); null when they may. */
  restoreRefusal: string | null;
}

/** The revision that made the current version holds the article's text now: restoring it would change nothing. */
const isCurrentText = (article: EditableArticle, revision: Revision) =>
  revision.version === article.version && revision.action !== 'conflict';

function RestoreForm(props: { model: RevisionCompareModel; revision: Revision }) {
  const { model, revision } = props;
  return (
    <form method="post" action={`${articleToolPath(model.article.id, 'revisions')}/${revision.id}/restore`} class="restore-form">
      <CsrfField token={model.csrfToken} />
      <input type="hidden" name="baseVersion" value={String(model.article.version)} />
      <button type="submit" class="button-primary" aria-describedby={`revision-${revision.id}-summary`}>
        Restore this revision
      </button>
    </form>
  );
}

export function RevisionComparePage(props: StaffChrome & { model: RevisionCompareModel }) {
  const { site, model } = props;
  const { article, from, to, comparison } = model;
  const describe = (revision: Revision) =>
    `Version ${revision.version}: ${actionLabel(revision.action)} by ${revision.actorName}, ${formatDateline(revision.createdAt, site.timeZone)}`;
  return (
    <ArticleToolPage {...props} title="Compare revisions" articleId={article.id} headline={article.headline} current="revisions">
      <div class="revision-sides">
        {(from.id === to.id
          ? [['Revision', from]]
          : [
              ['Older', from],
              ['Newer', to],
            ]
        ).map(([label, revision]) => {
          const side = revision as Revision;
          return (
            <div class="revision-side">
              <h2>{label as string}</h2>
              <p id={`revision-${side.id}-summary`}>{describe(side)}</p>
              {isCurrentText(model.article, side) ? (
                <p class="revision-current">This is the article as it stands now.</p>
              ) : model.restoreRefusal === null ? (
                <RestoreForm model={model} revision={side} />
              ) : (
                <p class="revision-current">{model.restoreRefusal}</p>
              )}
            </div>
          );
        })}
      </div>
      {comparison.changes.length === 0 ? <p>These two revisions have the same text.</p> : null}
      {comparison.changes.map((change) => (
        <section class="field-diff" aria-labelledby={`diff-${change.field.replace('.', '-')}`}>
          <h2 id={`diff-${change.field.replace('.', '-')}`}>{change.label}</h2>
          {change.kind === 'words' ? (
            <p>
              <WordDiff parts={change.parts} />
            </p>
          ) : (
            <ParagraphsDiff rows={change.rows} />
          )}
        </section>
      ))}
      {comparison.unchanged.length ? <p class="diff-unchanged">Unchanged: {comparison.unchanged.join(', ')}.</p> : null}
      <p>
        <a href={articleToolPath(article.id, 'revisions')}>All revisions</a>
      </p>
    </ArticleToolPage>
  );
}
