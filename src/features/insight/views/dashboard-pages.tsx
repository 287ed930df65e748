// The newsroom's funnel dashboard: the site's and one article's counts by
// day, as charts with their figures beside them, and the articles whose wall
// brought the most registrations.
import type { Child, SafeHtml } from '#jsx/jsx-runtime';
import { Layout } from '../../../core/views/layout.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { ArticleDashboard, SiteDashboard } from '../insight.service.js';
import { METRIC_LABELS, type DailyCounts, type InsightMetric } from '../insight.types.js';
import { LineChart, shortDay, type ChartSeries } from './line-chart.js';

export interface StaffPageProps {
  site: SiteContext;
  /** The signed-in account corner. */
  account: SafeHtml;
}

/** The newsroom's frame (never indexed), kept here so this feature needs nothing of the newsroom's. */
function StaffLayout(props: StaffPageProps & { title: string; children?: Child }) {
  return (
    <Layout
      site={props.site}
      account={props.account}
      meta={{ title: props.title, description: props.title, robots: 'noindex, nofollow', scripts: [] }}
    >
      <section class="newsroom-page insight-page">{props.children}</section>
    </Layout>
  );
}

const CHARTS: { id: string; title: string; metrics: InsightMetric[] }[] = [
  { id: 'views', title: 'Page views by reader state', metrics: ['view_anonymous', 'view_registered', 'view_subscriber'] },
  { id: 'wall', title: 'The registration wall', metrics: ['wall_impression', 'registration_started', 'registration_completed'] },
  { id: 'engagement', title: 'Premium unlocks and comments', metrics: ['premium_unlock', 'comment'] },
];

function seriesOf(days: readonly DailyCounts[], metric: InsightMetric): ChartSeries {
  return { label: METRIC_LABELS[metric], values: days.map((day) => day.counts[metric]) };
}

function total(days: readonly DailyCounts[], metric: InsightMetric): number {
  return days.reduce((sum, day) => sum + day.counts[metric], 0);
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${((part / whole) * 100).toFixed(1)} %`;
}

function Totals(props: { days: readonly DailyCounts[] }) {
  const { days } = props;
  const impressions = total(days, 'wall_impression');
  return (
    <dl class="insight-totals">
      {(Object.keys(METRIC_LABELS) as InsightMetric[]).map((metric) => (
        <div>
          <dt>{METRIC_LABELS[metric]}</dt>
          <dd>{String(total(days, metric))}</dd>
        </div>
      ))}
      <div>
        <dt>Registrations per wall impression</dt>
        <dd>{percent(total(days, 'registration_completed'), impressions)}</dd>
      </div>
    </dl>
  );
}

function RangeForm(props: { action: string; from: string; to: string }) {
  return (
    <form method="get" action={props.action} class="insight-range">
      <label for="range-from">From</label> <input type="date" id="range-from" name="from" value={props.from} />{' '}
      <label for="range-to">To</label> <input type="date" id="range-to" name="to" value={props.to} /> <button type="submit">Show</button>
    </form>
  );
}

function Charts(props: { days: readonly DailyCounts[]; extra?: Record<string, ChartSeries> }) {
  const dayList = props.days.map((day) => day.day);
  return (
    <>
      {CHARTS.map((chart) => (
        <LineChart
          id={`chart-${chart.id}`}
          title={chart.title}
          days={dayList}
          series={[
            ...chart.metrics.map((metric) => seriesOf(props.days, metric)),
            ...(props.extra?.[chart.id] ? [props.extra[chart.id]!] : []),
          ]}
        />
      ))}
    </>
  );
}

function rangeWords(range: { from: string; to: string }): string {
  return `${shortDay(range.from)} ${range.from.slice(0, 4)} to ${shortDay(range.to)} ${range.to.slice(0, 4)}`;
}

export function SiteDashboardPage(props: StaffPageProps & { dashboard: SiteDashboard }) {
  const { dashboard } = props;
  return (
    <StaffLayout {...props} title="Readers and registrations">
      <p class="kicker">Newsroom</p>
      <h1>Readers and registrations</h1>
      <p>
        Every article together, by day in the publication’s time zone, {rangeWords(dashboard.range)}. Counts only: no reader is tracked. A
        node adds what it counted every few seconds.
      </p>
      <RangeForm action="/newsroom/dashboard" from={dashboard.range.from} to={dashboard.range.to} />
      <h2>Totals</h2>
      <Totals days={dashboard.days} />
      <p>
        Registrations not from an article’s wall (the registration page reached directly):{' '}
        {String(dashboard.registrationsElsewhere.reduce((a, b) => a + b, 0))}.
      </p>
      <h2>By day</h2>
      <Charts days={dashboard.days} />
      <h2>Top articles by registrations from their wall</h2>
      {dashboard.top.length === 0 ? (
        <p class="empty">No registrations from a wall in these days.</p>
      ) : (
        <table class="newsroom-articles insight-top">
          <caption class="visually-hidden">Articles whose wall brought the most registrations, most first</caption>
          <thead>
            <tr>
              <th scope="col">Article</th>
              <th scope="col">Registrations</th>
              <th scope="col">Wall impressions</th>
              <th scope="col">Per impression</th>
            </tr>
          </thead>
          <tbody>
            {dashboard.top.map((article) => (
              <tr>
                <td>
                  <a href={`/newsroom/dashboard/articles/${article.articleId}?from=${dashboard.range.from}&to=${dashboard.range.to}`}>
                    {article.headline}
                  </a>
                </td>
                <td>{String(article.registrations)}</td>
                <td>{String(article.wallImpressions)}</td>
                <td>{percent(article.registrations, article.wallImpressions)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </StaffLayout>
  );
}

export function ArticleDashboardPage(props: StaffPageProps & { dashboard: ArticleDashboard }) {
  const { dashboard } = props;
  return (
    <StaffLayout {...props} title={`Readers and registrations: ${dashboard.headline}`}>
      <p class="kicker">
        <a href={`/newsroom/dashboard?from=${dashboard.range.from}&to=${dashboard.range.to}`}>Readers and registrations</a>
      </p>
      <h1>{dashboard.headline}</h1>
      <p>
        This article, by day in the publication’s time zone, {rangeWords(dashboard.range)}. Registrations are those made from this article’s
        wall. <a href={`/newsroom/articles/${dashboard.articleId}/edit`}>Edit the article</a>
      </p>
      <RangeForm action={`/newsroom/dashboard/articles/${dashboard.articleId}`} from={dashboard.range.from} to={dashboard.range.to} />
      <h2>Totals</h2>
      <Totals days={dashboard.days} />
      <h2>By day</h2>
      <Charts days={dashboard.days} />
    </StaffLayout>
  );
}
