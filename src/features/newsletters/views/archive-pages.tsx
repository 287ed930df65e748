// The web archive: a newsletter's past issues, and one sent issue — behind the
// same walls as articles when the reader may not read it.
import { trustedHtml } from '#jsx/jsx-runtime';
import { formatShortDate } from '../../../core/views/format.js';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { ArchivedIssue, NewsletterCard } from '../newsletter-pages.model.js';
import type { ArchiveAccess } from '../newsletters-archive.service.js';
import { NEWSLETTERS_PATH } from './newsletters-page.js';

const withNext = (path: string, next: string) => `${path}?next=${encodeURIComponent(next)}`;
const archivePath = (newsletter: NewsletterCard) => `${NEWSLETTERS_PATH}/${newsletter.slug}`;

export function ArchivePage(props: { site: SiteContext; newsletter: NewsletterCard; issues: ArchivedIssue[]; olderBefore: number | null }) {
  const { site, newsletter, issues, olderBefore } = props;
  return (
    <Layout
      site={site}
      meta={{
        title: `${newsletter.name}: past issues`,
        description: newsletter.description || `Past issues of ${newsletter.name}`,
        canonicalPath: archivePath(newsletter),
      }}
    >
      <div class="account-page newsletter-archive">
        <p>
          <a href={NEWSLETTERS_PATH}>All newsletters</a>
        </p>
        <h1>{newsletter.name}</h1>
        {newsletter.description ? <p class="lede">{newsletter.description}</p> : null}
        {newsletter.access === 'premium' ? <p>Issues of this newsletter are for Premium subscribers.</p> : null}
        <h2>Past issues</h2>
        {issues.length === 0 ? (
          <p>No issue has been sent yet.</p>
        ) : (
          <ul class="issue-list">
            {issues.map((issue) => (
              <li>
                <a href={`${archivePath(newsletter)}/${issue.id}`}>{issue.subject}</a>
                {issue.sentAt ? <span class="issue-date"> · {formatShortDate(issue.sentAt, site.timeZone)}</span> : null}
              </li>
            ))}
          </ul>
        )}
        {olderBefore !== null ? (
          <p>
            <a href={`${archivePath(newsletter)}?before=${olderBefore}`}>Older issues</a>
          </p>
        ) : null}
      </div>
    </Layout>
  );
}

function IssueWall(props: { wall: 'register' | 'subscribe'; here: string; newsletter: NewsletterCard }) {
  if (props.wall === 'subscribe')
    return (
      <section class="wall" id="wall" aria-labelledby="wall-heading" data-wall="subscribe">
        <h2 id="wall-heading">Subscribe to read this issue</h2>
        <p class="wall-reason">{props.newsletter.name} is one of our exclusive newsletters for Premium subscribers.</p>
        <p>
          <a class="button-primary" href={withNext('/subscribe', props.here)}>
            Subscribe
          </a>
        </p>
      </section>
    );
  return (
    <section class="wall" id="wall" aria-labelledby="wall-heading" data-wall="register">
      <h2 id="wall-heading">Register for free to read this issue</h2>
      <p class="wall-reason">
        {props.newsletter.access === 'premium'
          ? `${props.newsletter.name} is for Premium subscribers: register or sign in first.`
          : 'Past issues of our newsletters are for registered readers.'}
      </p>
      <p>
        <a class="button-primary" href={withNext('/register', props.here)}>
          Register for free
        </a>
      </p>
      <p class="wall-sign-in">
        Already have an account? <a href={withNext('/signin', props.here)}>Sign in</a>
      </p>
    </section>
  );
}

export function IssuePage(props: {
  site: SiteContext;
  newsletter: NewsletterCard;
  issue: ArchivedIssue;
  access: ArchiveAccess;
  /** Trusted HTML rendered by the newsletters service; null when walled. */
  content: string | null;
}) {
  const { site, newsletter, issue, access } = props;
  const here = `${archivePath(newsletter)}/${issue.id}`;
  return (
    <Layout
      site={site}
      meta={{ title: issue.subject, description: `${newsletter.name}: ${issue.subject}`, canonicalPath: here, robots: 'noindex' }}
    >
      <article class="newsletter-issue">
        <p>
          <a href={archivePath(newsletter)}>{newsletter.name}</a>
          {issue.sentAt ? ` · ${formatShortDate(issue.sentAt, site.timeZone)}` : ''}
        </p>
        <h1>{issue.subject}</h1>
        {access.kind === 'wall' ? (
          <IssueWall wall={access.wall} here={here} newsletter={newsletter} />
        ) : (
          <div class="article-body issue-body">{trustedHtml(props.content ?? '')}</div>
        )}
        <p>
          <a href={`${NEWSLETTERS_PATH}#newsletter-${newsletter.slug}`}>Sign up to {newsletter.name}</a>
        </p>
      </article>
    </Layout>
  );
}
