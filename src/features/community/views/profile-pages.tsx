// A reader's public profile and their followers / following lists. Names,
// join month and public comments only: never an email address.
import { CsrfField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { CommentCard, Paged, ReaderProfile, ReaderSummary } from '../community.types.js';
import { CommentCardView, CommunityLayout, Pager, ReaderLink, StaffBadge, Timestamp } from './community-layout.js';

export interface ProfilePageModel {
  profile: ReaderProfile;
  comments: Paged<CommentCard>;
  /** Null for a signed-out visitor. */
  viewer: { csrfToken: string; isSelf: boolean; isFollowing: boolean } | null;
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
}

function ProfileHeader(props: { profile: ReaderProfile }) {
  const { profile } = props;
  return (
    <header class="profile-header">
      <h1>
        {profile.displayName}
        {profile.isStaff ? <> {StaffBadge()}</> : null}
      </h1>
      <p class="profile-joined">Joined {profile.joined}</p>
      <p class="profile-follows">
        <a href={`/readers/${profile.id}/followers`}>{plural(profile.followerCount, 'follower', 'followers')}</a> ·{' '}
        <a href={`/readers/${profile.id}/following`}>{plural(profile.followingCount, 'reader followed', 'readers followed')}</a>
      </p>
    </header>
  );
}

function FollowControl(props: { profile: ReaderProfile; viewer: ProfilePageModel['viewer'] }) {
  const { profile, viewer } = props;
  if (!viewer) {
    return (
      <p>
        <a href={`/signin?next=${encodeURIComponent(`/readers/${profile.id}`)}`}>Sign in to follow {profile.displayName}</a>
      </p>
    );
  }
  if (viewer.isSelf) {
    return (
      <p>
        This is your public profile. <a href="/following">Your Following feed</a> · <a href="/account/replies">Replies to you</a>
      </p>
    );
  }
  const action = viewer.isFollowing ? 'unfollow' : 'follow';
  return (
    <form method="post" action={`/readers/${profile.id}/${action}`} class="follow-form">
      <CsrfField token={viewer.csrfToken} />
      <button type="submit" class="button-primary">
        {viewer.isFollowing ? `Unfollow ${profile.displayName}` : `Follow ${profile.displayName}`}
      </button>
    </form>
  );
}

export function ProfilePage(props: { site: SiteContext; model: ProfilePageModel }) {
  const { profile, comments, viewer } = props.model;
  return (
    <CommunityLayout site={props.site} title={profile.displayName} description={`${profile.displayName}’s comments`}>
      <ProfileHeader profile={profile} />
      <FollowControl profile={profile} viewer={viewer} />
      <section aria-labelledby="profile-comments">
        <h2 id="profile-comments">Comments</h2>
        {comments.items.length === 0 ? (
          <p>{comments.page === 1 ? `${profile.displayName} has not commented yet.` : 'No more comments.'}</p>
        ) : (
          <ol class="comment-cards">
            {comments.items.map((comment) => (
              <CommentCardView comment={comment} timeZone={props.site.timeZone} lead={comment.isReply ? 'Replied' : 'Commented'} />
            ))}
          </ol>
        )}
        <Pager paged={comments} basePath={`/readers/${profile.id}`} label="Pages of comments" />
      </section>
    </CommunityLayout>
  );
}

export function ReaderListPage(props: {
  site: SiteContext;
  profile: ReaderProfile;
  direction: 'followers' | 'following';
  readers: Paged<ReaderSummary & { since: string }>;
}) {
  const { profile, direction, readers } = props;
  const title = direction === 'followers' ? `Readers following ${profile.displayName}` : `Readers ${profile.displayName} follows`;
  return (
    <CommunityLayout site={props.site} title={title}>
      <h1>{title}</h1>
      <p>
        <a href={`/readers/${profile.id}`}>Back to {profile.displayName}’s profile</a>
      </p>
      {readers.items.length === 0 ? (
        <p>{direction === 'followers' ? 'No one follows this reader yet.' : 'This reader does not follow anyone yet.'}</p>
      ) : (
        <ul class="reader-list">
          {readers.items.map((reader) => (
            <li>
              <ReaderLink reader={reader} />, since <Timestamp iso={reader.since} timeZone={props.site.timeZone} />
            </li>
          ))}
        </ul>
      )}
      <Pager
        paged={readers}
        basePath={`/readers/${profile.id}/${direction}`}
        label={direction === 'followers' ? 'Pages of followers' : 'Pages of followed readers'}
      />
    </CommunityLayout>
  );
}

export function CannotFollowPage(props: { site: SiteContext; profile: { id: number } }) {
  return (
    <CommunityLayout site={props.site} title="You cannot follow yourself">
      <h1>You cannot follow yourself</h1>
      <p>
        <a href={`/readers/${props.profile.id}`}>Back to your profile</a>
      </p>
    </CommunityLayout>
  );
}
