// Two saves from the same version: the later one was not applied but kept as
// a revision. This page shows both versions side by side and lets the person
// choose: make theirs the article again (a new save on top of the other, so
// nothing is lost either way), or go back to the other version.
import type { ArticleBody } from '../../articles/articles.types.js';
import { CsrfField } from '../../../core/views/forms.js';
import { plainBodyText } from '../article-form.js';
import { NewsroomNav, StaffLayout, type StaffPageProps } from './staff-layout.js';

export interface VersionText {
  headline: string;
  standfirst: string;
  body: ArticleBody;
}

function Version(props: { heading: string; id: string; version: VersionText }) {
  const paragraphs = plainBodyText(props.version.body).split('\n\n').filter(Boolean);
  return (
    <section class="conflict-version" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      <h3>Headline</h3>
      <p class="conflict-headline">{props.version.headline}</p>
      <h3>Standfirst</h3>
      <p>{props.version.standfirst || '(none)'}</p>
      <h3>Body</h3>
      <div class="conflict-body">{paragraphs.length ? paragraphs.map((text) => <p>{text}</p>) : <p>(empty)</p>}</div>
    </section>
  );
}

export function ArticleConflictPage(
  props: StaffPageProps & {
    csrfToken: string;
    articleId: number;
    mine: VersionText;
    current: VersionText & { version: number };
    /** The revision that keeps "my" version; null when there is none to restore (then the text is only shown). */
    keptRevisionId: number | null;
  },
) {
  const { articleId } = props;
  return (
    <StaffLayout {...props} title="Someone else saved this article">
      <NewsroomNav current={null} />
      <h1>Someone else saved this article</h1>
      <p>
        The article changed after you opened it, so your save was not applied. Your version is kept in the article’s revisions. Choose which
        version to continue from.
      </p>
      <div class="conflict-versions">
        <Version heading="Your version" id="conflict-mine" version={props.mine} />
        <Version heading={`The other version (now saved, version ${props.current.version})`} id="conflict-theirs" version={props.current} />
      </div>
      <div class="conflict-choices">
        {props.keptRevisionId !== null ? (
          <form method="post" action={`/newsroom/articles/${articleId}/conflict/keep-mine`}>
            <CsrfField token={props.csrfToken} />
            <input type="hidden" name="revision" value={String(props.keptRevisionId)} />
            <input type="hidden" name="version" value={String(props.current.version)} />
            <button type="submit" class="button-primary">
              Keep my version
            </button>
          </form>
        ) : null}
        <p>
          <a class="button-secondary" href={`/newsroom/articles/${articleId}/edit`}>
            Keep the other version
          </a>
        </p>
      </div>
    </StaffLayout>
  );
}
