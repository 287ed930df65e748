// Who may take part in an event, and who may watch its recording: asked of
// the one access decision (features/access/access-decision.ts) with the
// event's level in place of an article's. An event is not an article: no meter
// runs and no Premium allowance is spent, so the decision is asked with both
// allowances at zero and no metered section — a registered event is for any
// signed-in reader, a Premium one for subscribers (and staff), a free
// recording for everyone.
import type { AccessLevel } from '../../core/db/schema.js';
import { decideAccess, type MeterSettings, type Reader } from '../access/access-decision.js';
import type { EventEligibility } from './events.types.js';

const NO_ALLOWANCES: MeterSettings = Object.freeze({
  anonymousFreeArticles: 0,
  registeredPremiumArticles: 0,
  periodDays: 1,
  // A section path no event has: nothing an event offers is metered.
  meteredSections: Object.freeze(['\u0000no-metered-section']),
});

export function eventEligibility(level: AccessLevel, reader: Reader, now: number): EventEligibility {
  const decision = decideAccess({ id: 0, accessLevel: level, sectionPath: '' }, reader, NO_ALLOWANCES, now);
  if (decision.kind === 'full') return { kind: 'eligible' };
  return decision.wall === 'register' ? { kind: 'needs-account' } : { kind: 'needs-subscription' };
}
