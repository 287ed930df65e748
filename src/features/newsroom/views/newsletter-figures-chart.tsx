// An issue's figures as horizontal bars drawn on the server (SVG, no script),
// with the same numbers in a table beside it. Bars are labelled with their
// number, so the chart reads without colour.
import type { DeskFigures } from '../newsletter-desk.model.js';

const WIDTH = 640;
const ROW = 30;
const LABEL = 130;
const RIGHT = 70;

export function figureRows(figures: DeskFigures): { label: string; value: number }[] {
  return [
    { label: 'Recipients', value: figures.recipients },
    { label: 'Sent', value: figures.sent },
    { label: 'Waiting', value: figures.pending },
    { label: 'Failed', value: figures.failed },
    { label: 'Bounced', value: figures.bounced },
    { label: 'Unsubscribed', value: figures.unsubscribed },
  ];
}

export function FiguresChart(props: { id: string; figures: DeskFigures }) {
  const rows = figureRows(props.figures);
  const largest = Math.max(1, ...rows.map((row) => row.value));
  const height = rows.length * ROW + 10;
  const barWidth = (value: number) => ((WIDTH - LABEL - RIGHT) * value) / largest;
  const description = rows.map((row) => `${row.label}: ${row.value}`).join('; ');
  return (
    <figure class="insight-chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>Delivery of this issue</figcaption>
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        class="insight-svg"
      >
        <title id={`${props.id}-title`}>Delivery of this issue</title>
        <desc id={`${props.id}-desc`}>{description}</desc>
        {rows.map((row, index) => {
          const y = 5 + index * ROW;
          return (
            <g>
              <text x={LABEL - 8} y={y + 18} text-anchor="end" font-size="13" fill="#333">
                {row.label}
              </text>
              <rect
                x={LABEL}
                y={y + 4}
                width={barWidth(row.value).toFixed(1)}
                height={ROW - 10}
                fill={index === 0 ? '#5a5a55' : '#1d4e89'}
              />
              <text x={(LABEL + barWidth(row.value) + 6).toFixed(1)} y={y + 18} font-size="13" fill="#333">
                {String(row.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <table id={`${props.id}-table`}>
        <caption>Delivery figures</caption>
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row">{row.label}</th>
              <td>{String(row.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
