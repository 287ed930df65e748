// Autosave and presence for the article form.
//
// Autosave: an edit starts (or restarts) a 5-second wait; then the whole form
// is posted as the browser would send it (URLSearchParams of its FormData:
// `_csrf`, `version`, `bodyDoc`, every other field) to `data-autosave-url`,
// asking for JSON. Never two saves at once: edits made during a save are
// saved after it. Answers:
//   200 { version, savedAt } → the form's `version` becomes the new one, "Saved at HH:MM";
//   409 { conflictUrl }      → someone else saved first: autosave stops for good, the
//                              editor keeps what the journalist wrote, and a link leads
//                              to both versions (nothing is silently lost or overwritten);
//   422 { errors }           → the messages are shown; the next edit tries again;
//   anything else, or no answer → "Not saved", tried again after a while.
//
// Presence: on load and every 20 s, `_csrf` is posted to `data-presence-url`;
// the answer `{ others: ["Name", …] }` is shown as "Ada is also editing"
// (empty when nobody else is).
import { browser, type FetchResponse, type FormElement, type InputElement, type PageElement } from './browser.js';

export const AUTOSAVE_DELAY_MS = 5_000;
const RETRY_DELAY_MS = 30_000;
export const PRESENCE_INTERVAL_MS = 20_000;

export interface Autosave {
  /** The document changed: save it soon. */
  changed(): void;
  /** Whether there are edits no save has taken yet. */
  hasUnsavedChanges(): boolean;
  /** The form is being submitted the ordinary way: no more autosaves. */
  stop(): void;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

async function post(url: string, body: string): Promise<Reply> {
  const response: FetchResponse = await browser.fetch(url, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body,
    credentials: 'same-origin',
  });
  const parsed = await response.json().catch(() => null);
  return { status: response.status, body: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {} };
}

function formBody(form: FormElement): string {
  return new browser.URLSearchParams(new browser.FormData(form)).toString();
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

function clockTime(savedAt: unknown): string {
  const date = typeof savedAt === 'string' || typeof savedAt === 'number' ? new Date(savedAt) : new Date();
  const shown = Number.isNaN(date.getTime()) ? new Date() : date;
  return `${twoDigits(shown.getHours())}:${twoDigits(shown.getMinutes())}`;
}

function errorMessages(body: Record<string, unknown>): string {
  const errors = Array.isArray(body.errors) ? body.errors : [];
  const messages = errors.flatMap((error) =>
    typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
      ? [(error as { message: string }).message]
      : [],
  );
  return messages.length ? `Not saved: ${messages.join(' ')}` : 'Not saved: the article has errors. Correct them and save.';
}

export function startAutosave(options: { form: FormElement; url: string; status: PageElement }): Autosave {
  const { form, url, status } = options;
  let timer: number | undefined;
  let saving = false;
  let dirty = false;
  let stopped = false;

  function schedule(delay: number): void {
    if (stopped) return;
    if (timer !== undefined) browser.clearTimeout(timer);
    timer = browser.setTimeout(() => {
      timer = undefined;
      void save();
    }, delay);
  }

  function showConflict(conflictUrl: unknown): void {
    const link = browser.document.createElement('a');
    link.href = typeof conflictUrl === 'string' && conflictUrl.startsWith('/') && !conflictUrl.startsWith('//') ? conflictUrl : '#';
    link.textContent = 'review both versions';
    status.replaceChildren('This article was changed elsewhere. Your version is kept: ', link);
  }

  async function save(): Promise<void> {
    // The wait ends during a save: this save runs when that one is done.
    if (saving || stopped || !dirty) return;
    saving = true;
    dirty = false;
    let saved = false;
    status.textContent = 'Saving…';
    try {
      const reply = await post(url, formBody(form));
      if (stopped) return;
      if (reply.status === 200) {
        const version = form.querySelector<InputElement>('input[name="version"]');
        if (version && (typeof reply.body.version === 'number' || typeof reply.body.version === 'string'))
          version.value = String(reply.body.version);
        status.textContent = `Saved at ${clockTime(reply.body.savedAt)}`;
        saved = true;
      } else if (reply.status === 409) {
        // Saving again would overwrite the other version: stop, and leave the editor as it is.
        stopped = true;
        dirty = true;
        showConflict(reply.body.conflictUrl);
      } else if (reply.status === 422) {
        dirty = true;
        status.textContent = errorMessages(reply.body);
      } else {
        dirty = true;
        status.textContent = 'Not saved: the server could not save just now. Trying again shortly.';
        schedule(RETRY_DELAY_MS);
      }
    } catch {
      dirty = true;
      status.textContent = 'Not saved: no connection. Trying again shortly.';
      schedule(RETRY_DELAY_MS);
    } finally {
      saving = false;
      // Edits made while this save was on its way (their wait may have ended meanwhile) get their own save.
      if (saved && dirty && timer === undefined) schedule(AUTOSAVE_DELAY_MS);
    }
  }

  return {
    changed() {
      dirty = true;
      schedule(AUTOSAVE_DELAY_MS);
    },
    hasUnsavedChanges: () => dirty || saving,
    stop() {
      stopped = true;
      if (timer !== undefined) browser.clearTimeout(timer);
    },
  };
}

/** "Ada", "Ada and Ben", "Ada, Ben and Cy". */
function namesList(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function presenceText(others: string[]): string {
  if (others.length === 0) return '';
  return `${namesList(others)} ${others.length === 1 ? 'is' : 'are'} also editing`;
}

export function startPresence(options: { form: FormElement; url: string; region: PageElement }): void {
  const { form, url, region } = options;
  const beat = async () => {
    try {
      const csrf = form.querySelector<InputElement>('input[name="_csrf"]')?.value ?? '';
      const reply = await post(url, new browser.URLSearchParams([['_csrf', csrf]]).toString());
      if (reply.status !== 200) return;
      const others = Array.isArray(reply.body.others) ? reply.body.others.filter((name): name is string => typeof name === 'string') : [];
      const text = presenceText(others.slice(0, 10));
      // Rewritten only when it changes, so screen readers hear changes, not every beat.
      if (region.textContent !== text) region.textContent = text;
    } catch {
      // Presence is a courtesy: a missed beat changes nothing.
    }
  };
  void beat();
  browser.setInterval(() => void beat(), PRESENCE_INTERVAL_MS);
}
