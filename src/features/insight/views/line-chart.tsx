// A line chart drawn on the server as SVG: no script, readable without
// JavaScript. The SVG is an image with an accessible name (its title) and a
// description; the same figures sit beside it in a table for screen readers
// and anyone who wants the numbers. Series differ by dash and marker as well
// as colour, so the chart reads in greyscale too.

export interface ChartSeries {
  label: string;
  values: readonly number[];
}

export interface LineChartProps {
  /** Unique on the page: ids of the title, description and table derive from it. */
  id: string;
  title: string;
  /** Days (YYYY-MM-DD), one per value of every series. */
  days: readonly string[];
  series: readonly ChartSeries[];
}

const WIDTH = 720;
const HEIGHT = 240;
const LEFT = 52;
const RIGHT = 16;
const TOP = 16;
const BOTTOM = 36;
const STYLES = [
  { stroke: '#1d4e89', dash: undefined },
  { stroke: '#b3261e', dash: '6 4' },
  { stroke: '#2e6b30', dash: '2 3' },
] as const;

/** The axis' top: the smallest of 1, 2, 5 × 10^n at or above the largest value (at least 4, so ticks are whole). */
export function niceMaximum(largest: number): number {
  if (largest <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(largest));
  for (const step of [1, 2, 4, 5, 10]) if (step * magnitude >= largest) return step * magnitude;
  return 10 * magnitude;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "9 Mar" from 2026-03-09. */
export function shortDay(day: string): string {
  const [, month, date] = day.split('-');
  return `${Number(date)} ${MONTHS[Number(month) - 1] ?? ''}`;
}

export function LineChart(props: LineChartProps) {
  const { id, title, days, series } = props;
  const largest = Math.max(0, ...series.flatMap((line) => line.values));
  const top = niceMaximum(largest);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (index: number) => LEFT + (days.length <= 1 ? plotWidth / 2 : (index * plotWidth) / (days.length - 1));
  const y = (value: number) => TOP + plotHeight - (value / top) * plotHeight;
  const ticks = [0, 1, 2, 3, 4].map((step) => (top * step) / 4);
  const labelled = days.length <= 1 ? [0] : [0, Math.floor((days.length - 1) / 2), days.length - 1];
  const totals = series.map((line) => `${line.label}: ${line.values.reduce((sum, value) => sum + value, 0)}`).join('; ');
  const description = days.length ? `Daily counts from ${shortDay(days[0]!)} to ${shortDay(days.at(-1)!)}. Totals: ${totals}.` : 'No days.';

  return (
    <figure class="insight-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <div class="insight-chart-body">
        <svg
          xmlns="http://www.w3.org/2000/svg"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby={`${id}-title ${id}-desc`}
          class="insight-svg"
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          {ticks.map((tick) => (
            <g>
              <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} stroke="#d0d0d0" stroke-width="1" />
              <text x={LEFT - 6} y={y(tick) + 4} text-anchor="end" font-size="12" fill="#333">
                {String(tick)}
              </text>
            </g>
          ))}
          {labelled.map((index) => (
            <text x={x(index)} y={HEIGHT - 12} text-anchor="middle" font-size="12" fill="#333">
              {shortDay(days[index] ?? '')}
            </text>
          ))}
          {series.map((line, seriesIndex) => {
            const style = STYLES[seriesIndex % STYLES.length]!;
            const points = line.values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
            return (
              <g>
                <polyline
                  points={points}
                  fill="none"
                  stroke={style.stroke}
                  stroke-width="2"
                  {...(style.dash ? { 'stroke-dasharray': style.dash } : {})}
                />
                {days.length <= 62
                  ? line.values.map((value, index) => (
                      <circle cx={x(index).toFixed(1)} cy={y(value).toFixed(1)} r={seriesIndex === 0 ? '3' : '2.5'} fill={style.stroke} />
                    ))
                  : null}
              </g>
            );
          })}
        </svg>
        <ul class="insight-legend" aria-hidden="true">
          {series.map((line, seriesIndex) => (
            <li>
              <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 28 8" width="28" height="8">
                <line
                  x1="0"
                  x2="28"
                  y1="4"
                  y2="4"
                  stroke={STYLES[seriesIndex % STYLES.length]!.stroke}
                  stroke-width="2"
                  {...(STYLES[seriesIndex % STYLES.length]!.dash ? { 'stroke-dasharray': STYLES[seriesIndex % STYLES.length]!.dash } : {})}
                />
              </svg>{' '}
              {line.label}
            </li>
          ))}
        </ul>
      </div>
      {/* Scrolls on its own (focusable, so keyboard users can scroll it too). */}
      <div class="insight-table" tabindex="0" role="region" aria-label={`${title}: figures by day`}>
        <table id={`${id}-table`}>
          <caption>{title}, by day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              {series.map((line) => (
                <th scope="col">{line.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((day, index) => (
              <tr>
                <th scope="row">
                  <time datetime={day}>{shortDay(day)}</time>
                </th>
                {series.map((line) => (
                  <td>{String(line.values[index] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
