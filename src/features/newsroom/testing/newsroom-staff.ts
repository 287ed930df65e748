// Test support for newsroom pages: a signed-in staff browser with the actor
// the editing service knows them as, and a story with gated canary text.
import type { TestApp } from '../../../testing/test-app.js';
import { signInAsStaff, type TestBrowser } from '../../accounts/testing/session-helpers.js';
import type { StaffRole } from '../../accounts/staff.service.js';
import type { Actor, EditableArticle, EditOutcome, WriterRole } from '../../articles/articles.types.js';

export interface StaffWriter {
  browser: TestBrowser;
  actor: Actor;
}

/** A staff member signed in through the real pages; `actor` is null-free only for writer roles. */
export async function signInWriter(testApp: TestApp, role: StaffRole): Promise<StaffWriter> {
  const { browser, userId } = await signInAsStaff({ app: testApp.app, db: testApp.database.db, clock: testApp.clock, role });
  // signInAsStaff names everyone "Staff Member"; a moderator's actor is never used to write.
  return { browser, actor: { kind: 'staff', userId, name: 'Staff Member', role: role as WriterRole } };
}

export function saved(outcome: EditOutcome): EditableArticle {
  if (outcome.kind !== 'saved') throw new Error(`expected a save, got ${JSON.stringify(outcome)}`);
  return outcome.article;
}

/** Words that appear only past the wall of the stories below. */
export const GATED_CANARY = 'GATED-CANARY-7f3a';

const paragraph = (text: string) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] });

/** Six paragraphs: the teaser (at most three, never more than half) is the first three; the canary is in the fifth. */
export function canaryBody() {
  return {
    type: 'doc' as const,
    content: [
      paragraph('The quarry road closed at dawn while surveyors walked the cutting.'),
      paragraph('Residents were told the work would take a fortnight.'),
      paragraph('Lorries were sent the long way round through the valley.'),
      paragraph('The parish council asked for a second crossing.'),
      paragraph(`A report seen by this paper names the contractor. ${GATED_CANARY}`),
      paragraph('The council meets again on Thursday.'),
    ],
  };
}

export async function createCanaryStory(
  testApp: TestApp,
  actor: Actor,
  options: { headline: string; access: 'free' | 'registered' | 'premium'; action?: 'save' | 'publish' },
): Promise<EditableArticle> {
  return saved(
    await testApp.articleEditing.create(actor, {
      fields: { headline: options.headline, section: 'world', authors: ['Ada Fenwick'], access: options.access, body: canaryBody() },
      action: options.action ?? 'save',
    }),
  );
}
