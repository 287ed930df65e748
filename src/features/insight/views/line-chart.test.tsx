// The server-drawn chart: an image with an accessible name and description,
// its figures in a table, every label escaped, and sane axes.
import { describe, expect, it } from 'vitest';
import { LineChart, niceMaximum, shortDay } from './line-chart.js';

const days = ['2026-03-08', '2026-03-09', '2026-03-10'];

describe('line chart', () => {
  it('is an image named by its title, described by its totals, with the figures in a table', () => {
    const html = LineChart({
      id: 'chart-wall',
      title: 'The registration wall',
      days,
      series: [
        { label: 'Wall impressions', values: [4, 10, 7] },
        { label: 'Registrations', values: [0, 2, 1] },
      ],
    }).value;
    expect(html).toContain('role="img" aria-labelledby="chart-wall-title chart-wall-desc"');
    expect(html).toContain('<title id="chart-wall-title">The registration wall</title>');
    expect(html).toContain('Totals: Wall impressions: 21; Registrations: 3.');
    expect(html).toContain('<caption>The registration wall, by day</caption>');
    expect(html).toMatch(/<th scope="row"><time datetime="2026-03-09">9 Mar<\/time><\/th><td>10<\/td><td>2<\/td>/);
    expect(html.match(/<polyline /g)).toHaveLength(2);
    // The legend repeats what the table says: hidden from screen readers.
    expect(html).toContain('<ul class="insight-legend" aria-hidden="true">');
  });

  it('escapes titles and labels everywhere they appear', () => {
    const evil = '<script>alert(1)</script> & "quotes"';
    const html = LineChart({ id: 'x', title: evil, days, series: [{ label: evil, values: [1, 2, 3] }] }).value;
    expect(html).not.toContain('<script>');
    expect(html).toContain('<title id="x-title">&lt;script>alert(1)&lt;/script> &amp; &#34;quotes&#34;</title>');
    expect(html).toContain('<caption>&lt;script>alert(1)&lt;/script> &amp; &#34;quotes&#34;, by day</caption>');
    expect(html).toContain('<th scope="col">&lt;script>alert(1)&lt;/script> &amp; &#34;quotes&#34;</th>');
    expect(html).toContain(`aria-label="&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;: figures by day"`);
  });

  it('draws one day in the middle and no day without failing', () => {
    const one = LineChart({ id: 'one', title: 'One', days: ['2026-03-10'], series: [{ label: 'A', values: [5] }] }).value;
    expect(one).toContain('cx="378.0"');
    const none = LineChart({ id: 'none', title: 'None', days: [], series: [{ label: 'A', values: [] }] }).value;
    expect(none).toContain('<desc id="none-desc">No days.</desc>');
  });

  it('rounds the axis up to 1, 2, 4 or 5 times a power of ten', () => {
    expect(niceMaximum(0)).toBe(4);
    expect(niceMaximum(3)).toBe(4);
    expect(niceMaximum(7)).toBe(10);
    expect(niceMaximum(11)).toBe(20);
    expect(niceMaximum(35)).toBe(40);
    expect(niceMaximum(41)).toBe(50);
    expect(niceMaximum(51)).toBe(100);
    expect(niceMaximum(1000)).toBe(1000);
    expect(shortDay('2026-12-01')).toBe('1 Dec');
  });
});
