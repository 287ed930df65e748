// The media library's image page, enhanced. Progress: on a page with
// `[data-rendition-status]` (an image whose renditions the background job is
// still making), asks the status endpoint every two seconds, shows how many
// are made in the <progress>, and reloads the page once they all are (without
// this script the page says "processing" and how to see progress). Focal
// point: a click on the picture fills in the two focal point inputs (the form
// is still what saves them, with or without this script).
const POLL_MS = 2000;

// The slice of the browser this script touches (the project's TypeScript program has no lib "dom"; see browser.ts).
interface ProgressElement {
  readonly dataset: Record<string, string | undefined>;
  textContent: string | null;
  max: number;
  value: number;
  querySelector(selector: string): ProgressElement | null;
}
interface PictureElement {
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  addEventListener(type: 'click', listener: (event: { clientX: number; clientY: number }) => void): void;
  setAttribute(name: string, value: string): void;
}
interface NumberInput {
  value: string;
  focus(): void;
}
declare const document: {
  querySelectorAll(selector: string): Iterable<ProgressElement>;
  querySelector<T>(selector: string): T | null;
};
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

/** A click on the picture puts the focal point where it landed (two decimals), ready to save. */
function pickFocalPoint(): void {
  const picture = document.querySelector<PictureElement>('[data-focal-picker]');
  const across = document.querySelector<NumberInput>('#field-focalX');
  const down = document.querySelector<NumberInput>('#field-focalY');
  if (!picture || !across || !down) return;
  picture.setAttribute('title', 'Click where the subject is to set the focal point');
  picture.addEventListener('click', (event) => {
    const box = picture.getBoundingClientRect();
    if (box.width <= 0 || box.height <= 0) return;
    const clamp = (value: number) => Math.min(1, Math.max(0, value)).toFixed(2);
    across.value = clamp((event.clientX - box.left) / box.width);
    down.value = clamp((event.clientY - box.top) / box.height);
    across.focus();
  });
}

pickFocalPoint();
