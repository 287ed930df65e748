// Rows to the nested view-model a page renders: what a viewer may see of each
// comment (a tombstone has neither text nor author), replies under their
// parents down to the depth one page shows, and hidden comments left out
// unless replies still hang from them.
import type { ThreadRow } from './comments.queries.js';
import type { CommentView } from './comments.types.js';

export interface TreeViewer {
  id: number | null;
  recommended: ReadonlySet<number>;
  isEditable(row: ThreadRow): boolean;
}

export function displayName(row: { first_name: string; last_name: string }): string {
  return `${row.first_name} ${row.last_name}`.trim() || 'A reader';
}

/** The viewer-independent view of one row. */
export function viewOfRow(row: ThreadRow, viewer?: TreeViewer): CommentView {
  const isVisible = row.status === 'published';
  return {
    id: row.id,
    articleId: row.article_id,
    parentId: row.parent_id,
    depth: row.depth,
    state: isVisible ? 'visible' : row.status === 'deleted' ? 'deleted' : 'removed',
    author: isVisible ? { id: row.author_id, name: displayName(row), isStaff: row.role !== 'reader' } : null,
    text: isVisible ? row.body : '',
    createdAt: row.created_at,
    editedAt: isVisible ? row.edited_at : null,
    isFeatured: isVisible && row.is_featured === 1,
    recommendCount: isVisible ? row.recommend_count : 0,
    inReplyTo: null,
    replies: [],
    hasHiddenReplies: false,
    isOwn: isVisible && viewer?.id === row.author_id,
    isRecommendedByViewer: isVisible && (viewer?.recommended.has(row.id) ?? false),
    canEdit: isVisible && (viewer?.isEditable(row) ?? false),
  };
}

/**
 * `top` are the page's first-level comments (top-level threads, or the one
 * comment of a "continue this thread" page); `replies` every comment under
 * them in path order, parents before children.
 */
export function buildCommentTree(
  top: ThreadRow[],
  replies: ThreadRow[],
  options: { baseDepth: number; displayDepth: number; rootParent: { id: number; authorName: string | null } | null; viewer: TreeViewer },
): CommentView[] {
  const nodes = new Map<number, CommentView>();
  const roots = top.map((row) => {
    const view = viewOfRow(row, options.viewer);
    view.inReplyTo = options.rootParent;
    nodes.set(row.id, view);
    return view;
  });
  for (const row of replies) {
    const relativeDepth = row.depth - options.baseDepth;
    if (relativeDepth > options.displayDepth) {
      if (row.status === 'published') {
        // Shown on the page of its ancestor at the deepest level shown here.
        const ancestorId = Number(row.path.split('/')[options.baseDepth + options.displayDepth]);
        const ancestor = nodes.get(ancestorId);
        if (ancestor) ancestor.hasHiddenReplies = true;
      }
      continue;
    }
    const parent = row.parent_id === null ? undefined : nodes.get(row.parent_id);
    if (!parent) continue; // its parent is outside this page
    const view = viewOfRow(row, options.viewer);
    view.inReplyTo = { id: parent.id, authorName: parent.author?.name ?? null };
    parent.replies.push(view);
    nodes.set(row.id, view);
  }
  return prune(roots);
}

/** Tombstones stay only while something visible hangs from them. */
function prune(views: CommentView[]): CommentView[] {
  const kept: CommentView[] = [];
  for (const view of views) {
    view.replies = prune(view.replies);
    if (view.state === 'visible' || view.replies.length > 0 || view.hasHiddenReplies) kept.push(view);
  }
  return kept;
}
