// The Following feed and My replies: personal pages for the signed-in reader.
import type { SiteContext } from '../../../core/views/site-context.js';
import type { FeedCard, Paged, ReplyCard } from '../community.types.js';
import { CommentCardView, CommunityLayout, Pager, ReaderLink } from './community-layout.js';

export function FollowingFeedPage(props: { site: SiteContext; feed: Paged<FeedCard> }) {
  const { feed } = props;
  return (
    <CommunityLayout site={props.site} title="Following">
      <h1>Following</h1>
      <p>New comments by the readers you follow, and the replies to them.</p>
      {feed.items.length === 0 ? (
        <p>
          {feed.page === 1
            ? 'Nothing here yet. Follow readers from their profiles (select a reader’s name under a comment) to see their comments here.'
            : 'No more comments.'}
        </p>
      ) : (
        <ol class="comment-cards">
          {feed.items.map((item) => (
            <CommentCardView
              comment={item}
              timeZone={props.site.timeZone}
              lead={
                item.inReplyTo ? (
                  <>
                    <ReaderLink reader={item.author} /> replied to <ReaderLink reader={item.inReplyTo} />
                  </>
                ) : (
                  <>
                    <ReaderLink reader={item.author} /> {item.isReply ? 'replied' : 'commented'}
                  </>
                )
              }
            />
          ))}
        </ol>
      )}
      <Pager paged={feed} basePath="/following" label="Pages of the Following feed" />
    </CommunityLayout>
  );
}

export function RepliesPage(props: { site: SiteContext; replies: Paged<ReplyCard> }) {
  const { replies } = props;
  return (
    <CommunityLayout site={props.site} title="Replies to you">
      <h1>Replies to you</h1>
      {replies.items.length === 0 ? (
        <p>{replies.page === 1 ? 'No one has replied to your comments yet.' : 'No more replies.'}</p>
      ) : (
        <ol class="comment-cards">
          {replies.items.map((reply) => (
            <CommentCardView
              comment={reply}
              timeZone={props.site.timeZone}
              lead={
                <>
                  <ReaderLink reader={reply.author} /> replied
                </>
              }
              context={
                <p class="reply-context">
                  In reply to your comment:{' '}
                  {reply.yourCommentExcerpt === null ? <em>(no longer shown)</em> : <q>{reply.yourCommentExcerpt}</q>}
                </p>
              }
            />
          ))}
        </ol>
      )}
      <Pager paged={replies} basePath="/account/replies" label="Pages of replies" />
    </CommunityLayout>
  );
}
