// The newsroom's fronts: the list of fronts, and one front's editor. The
// editor works without JavaScript: every button posts the whole proposed
// list (hidden `slot` fields, in order) with what to do to it, and the page
// comes back with the proposal changed, not saved, until "Save front".
import type { SafeHtml } from '#jsx/jsx-runtime';
import { formatShortDate } from '../../../core/views/format.js';
import { CsrfField } from '../../../core/views/forms.js';
import type { SiteContext } from '../../../core/views/site-context.js';
import type { FrontPick, FrontRef } from '../../articles/articles.service.js';
import { NewsroomNav, StaffLayout } from './staff-layout.js';

export function FrontListPage(props: { site: SiteContext; account: SafeHtml; fronts: FrontRef[] }) {
  return (
    <StaffLayout site={props.site} account={props.account} title="Fronts">
      <NewsroomNav current="fronts" />
      <h1>Fronts</h1>
      <p>
        Pin stories to the top of the home page or a section page, in the order you choose. The rest of the page fills with the latest
        stories.
      </p>
      <ul class="front-list">
        {props.fronts.map((front) => (
          <li class={front.section && front.section.path.includes('/') ? 'front-list-child' : undefined}>
            <a href={`/newsroom/fronts/${front.name}`}>{front.title}</a> <span class="front-path">({front.readerPath})</span>
          </li>
        ))}
      </ul>
    </StaffLayout>
  );
}

export interface FrontEditorProps {
  site: SiteContext;
  account: SafeHtml;
  csrfToken: string;
  front: FrontRef;
  version: number;
  picks: FrontPick[];
  query: string;
  results: FrontPick[] | null;
  notice?: string;
  error?: string;
}

function PickLine(props: { pick: FrontPick; timeZone: string }) {
  const { pick } = props;
  return (
    <span class="front-pick">
      <strong>{pick.headline}</strong>{' '}
      <span class="front-pick-meta">
        ({pick.sectionName}
        {pick.publishedAt ? `, ${formatShortDate(pick.publishedAt, props.timeZone)}` : ''})
      </span>
    </span>
  );
}

export function FrontEditorPage(props: FrontEditorProps) {
  const { front, picks, site } = props;
  const pinned = new Set(picks.map((pick) => pick.id));
  const action = `/newsroom/fronts/${front.name}`;
  return (
    <StaffLayout site={site} account={props.account} title={`Front: ${front.title}`}>
      <NewsroomNav current="fronts" />
      <p class="kicker">
        <a href="/newsroom/fronts">Fronts</a>
      </p>
      <h1>Front: {front.title}</h1>
      <p>
        Readers see it at <a href={front.readerPath}>{front.readerPath}</a>.
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
          <h2>There is a problem</h2>
          <p>{props.error}</p>
        </div>
      ) : null}
      <form method="post" action={action} class="front-editor" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="version" value={String(props.version)} />
        {/* Search comes first: Enter in the search field presses the form's first button. */}
        <h2>Find stories</h2>
        <div class="field front-search">
          <label for="field-q">Words in the headline</label>
          <input id="field-q" name="q" type="search" value={props.query} maxlength={200} />
          <button type="submit" name="op" value="search">
            Search
          </button>
        </div>
        {props.results === null ? null : props.results.length === 0 ? (
          <p class="empty">No published story has those words in its headline.</p>
        ) : (
          <ul class="front-results" aria-label="Search results">
            {props.results.map((result) => (
              <li>
                <PickLine pick={result} timeZone={site.timeZone} />{' '}
                {pinned.has(result.id) ? (
                  <span class="front-pinned-note">Pinned</span>
                ) : (
                  <button
                    type="submit"
                    name="op"
                    value={`add-${result.id}`}
                    class="button-secondary"
                    aria-label={`Pin: ${result.headline}`}
                  >
                    Pin
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <h2>Pinned stories</h2>
        {picks.length === 0 ? (
          <p class="empty">Nothing is pinned: the front shows the latest stories.</p>
        ) : (
          <ol class="front-slots">
            {picks.map((pick, index) => (
              <li>
                <input type="hidden" name="slot" value={String(pick.id)} />
                <PickLine pick={pick} timeZone={site.timeZone} />
                <span class="front-slot-actions">
                  <button
                    type="submit"
                    name="op"
                    value={`up-${index}`}
                    class="button-secondary"
                    disabled={index === 0}
                    aria-label={`Move up: ${pick.headline}`}
                  >
                    Move up
                  </button>
                  <button
                    type="submit"
                    name="op"
                    value={`down-${index}`}
                    class="button-secondary"
                    disabled={index === picks.length - 1}
                    aria-label={`Move down: ${pick.headline}`}
                  >
                    Move down
                  </button>
                  <button type="submit" name="op" value={`remove-${index}`} class="button-secondary" aria-label={`Unpin: ${pick.headline}`}>
                    Unpin
                  </button>
                </span>
              </li>
            ))}
          </ol>
        )}
        <div class="front-actions">
          <button type="submit" name="op" value="preview" formtarget="_blank" class="button-secondary">
            Preview (opens a new tab)
          </button>
          <button type="submit" name="op" value="save">
            Save front
          </button>
        </div>
      </form>
    </StaffLayout>
  );
}
