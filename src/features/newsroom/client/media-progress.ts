// The media library's progress: on a page with `[data-rendition-status]` (an
// image whose renditions the background job is still making), asks the status
// endpoint every two seconds, shows how many are made in the <progress>, and
// reloads the page once they all are. Without this script the page says
// "processing" and refreshes itself (a `Refresh` header).
const POLL_MS = 2000;

// The slice of the browser this script touches (the project's TypeScript program has no lib "dom"; see browser.ts).
interface ProgressElement {
  readonly dataset: Record<string, string | undefined>;
  textContent: string | null;
  max: number;
  value: number;
  querySelector(selector: string): ProgressElement | null;
}
declare const document: { querySelectorAll(selector: string): Iterable<ProgressElement> };
declare const window: { setTimeout(callback: () => void, ms: number): number; location: { reload(): void } };

interface Progress {
  status: 'processing' | 'ready' | 'failed';
  made: number;
  total: number;
}

function watch(element: ProgressElement): void {
  const url = element.dataset.renditionStatus;
  if (!url) return;
  const bar = element.querySelector('progress');
  const text = element.querySelector('[data-progress-text]');
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) return;
      const progress = (await response.json()) as Progress;
      if (bar) {
        bar.max = progress.total;
        bar.value = progress.made;
      }
      if (text) text.textContent = `${progress.made} of ${progress.total} sizes made`;
      if (progress.status !== 'processing') {
        window.location.reload();
        return;
      }
    } catch {
      // Offline for a moment: the next poll tries again.
    }
    window.setTimeout(() => void poll(), POLL_MS);
  };
  window.setTimeout(() => void poll(), POLL_MS);
}

for (const element of document.querySelectorAll('[data-rendition-status]')) watch(element);
