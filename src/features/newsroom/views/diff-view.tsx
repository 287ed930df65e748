// A diff as HTML: insertions in <ins>, deletions in <del>, each opened by
// visually hidden words ("added", "removed") because most screen readers
// announce neither element.
import type { DiffPart, ParagraphDiff } from '../text-diff.js';

function Inserted(props: { text: string }) {
  return (
    <ins>
      <span class="visually-hidden">added: </span>
      {props.text}
      <span class="visually-hidden"> (end of added text)</span>
    </ins>
  );
}

function Deleted(props: { text: string }) {
  return (
    <del>
      <span class="visually-hidden">removed: </span>
      {props.text}
      <span class="visually-hidden"> (end of removed text)</span>
    </del>
  );
}

export function WordDiff(props: { parts: readonly DiffPart[] }) {
  return (
    <>
      {props.parts.map((part) =>
        part.kind === 'added' ? <Inserted text={part.text} /> : part.kind === 'removed' ? <Deleted text={part.text} /> : <>{part.text}</>,
      )}
    </>
  );
}

export function ParagraphsDiff(props: { rows: readonly ParagraphDiff[] }) {
  return (
    <div class="diff-paragraphs">
      {props.rows.map((row) => {
        switch (row.kind) {
          case 'same':
            return <p class="diff-same">{row.text}</p>;
          case 'added':
            return (
              <p class="diff-added">
                <Inserted text={row.text} />
              </p>
            );
          case 'removed':
            return (
              <p class="diff-removed">
                <Deleted text={row.text} />
              </p>
            );
          case 'changed':
            return (
              <p class="diff-changed">
                <WordDiff parts={row.parts} />
              </p>
            );
        }
      })}
    </div>
  );
}
