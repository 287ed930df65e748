import type { SafeHtml } from '#jsx/jsx-runtime';
import { parseCommentText, type CommentTextPiece } from '../comment-text.js';

// Long URLs are shown shortened; the link keeps the whole address.
const MAX_LINK_TEXT = 60;

function linkText(url: string): string {
  const shown = url.replace(/^https?:\/\//i, '');
  return shown.length > MAX_LINK_TEXT ? `${shown.slice(0, MAX_LINK_TEXT - 1)}…` : shown;
}

function Piece(props: { piece: CommentTextPiece }) {
  const { piece } = props;
  if (piece.kind === 'break') return <br />;
  if (piece.kind === 'link') {
    return (
      <a href={piece.url} rel="nofollow ugc noopener">
        {linkText(piece.url)}
      </a>
    );
  }
  return <>{piece.text}</>;
}

/**
 * A comment's stored plain text as HTML: paragraphs, line breaks and
 * http(s) links. Every piece goes through the escaping JSX runtime; the only
 * markup is the p, br and a elements made here.
 */
export function renderCommentBody(text: string): SafeHtml {
  return (
    <>
      {parseCommentText(text).map((paragraph) => (
        <p>
          {paragraph.map((piece) => (
            <Piece piece={piece} />
          ))}
        </p>
      ))}
    </>
  );
}
