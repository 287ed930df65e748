// Micro-benchmark behind docs/decisions/001-views-safe-jsx.md: the cost of
// escaping by default. Renders the same 50-card listing with our runtime,
// with raw @kitajs/html (children marked safe where needed) and with template
// literals. Run: npx tsx bench/view-runtime.ts
import { performance } from 'node:perf_hooks';
import { escapeHtml } from '@kitajs/html';
import * as kita from '@kitajs/html/jsx-runtime';
import { jsx as safeJsx } from '../src/core/views/jsx-runtime.js';

const cards = Array.from({ length: 50 }, (_, index) => ({
  href: `/world/europe/2026/11/${String((index % 28) + 1).padStart(2, '0')}/story-${index}`,
  headline: `Harbour towns brace for the ${index}th winter storm & "king tides"`,
  standfirst: 'Councils along the coast say sandbags, pumps and volunteers are ready, but the sea wall is older than anyone remembers.',
  author: 'Ada Fenwick',
}));

function renderSafe(): string {
  return safeJsx('div', {
    class: 'card-grid',
    children: cards.map((card) =>
      safeJsx('article', {
        class: 'card',
        children: [
          safeJsx('h3', { children: safeJsx('a', { href: card.href, children: card.headline }) }),
          safeJsx('p', { class: 'card-standfirst', children: card.standfirst }),
          safeJsx('p', { class: 'card-meta', children: card.author }),
        ],
      }),
    ),
  }).value;
}

function renderKita(): string {
  return kita.jsx('div', {
    class: 'card-grid',
    children: cards.map((card) =>
      kita.jsx('article', {
        class: 'card',
        children: [
          kita.jsx('h3', { children: kita.jsx('a', { href: card.href, safe: true, children: card.headline }) }),
          kita.jsx('p', { class: 'card-standfirst', safe: true, children: card.standfirst }),
          kita.jsx('p', { class: 'card-meta', safe: true, children: card.author }),
        ],
      }),
    ),
  }) as string;
}

function renderTemplate(): string {
  let html = '<div class="card-grid">';
  for (const card of cards) {
    html += `<article class="card"><h3><a href="${escapeHtml(card.href)}">${escapeHtml(card.headline)}</a></h3><p class="card-standfirst">${escapeHtml(card.standfirst)}</p><p class="card-meta">${escapeHtml(card.author)}</p></article>`;
  }
  return html + '</div>';
}

function measure(name: string, render: () => string, iterations = 20_000): void {
  for (let index = 0; index < 2_000; index++) render();
  const start = performance.now();
  let bytes = 0;
  for (let index = 0; index < iterations; index++) bytes += render().length;
  const perRender = (performance.now() - start) / iterations;
  console.log(
    `${name.padEnd(22)} ${(perRender * 1000).toFixed(1).padStart(7)} µs per 50-card listing (${Math.round(bytes / iterations)} bytes)`,
  );
}

measure('masthead safe runtime', renderSafe);
measure('@kitajs/html raw', renderKita);
measure('template literals', renderTemplate);
