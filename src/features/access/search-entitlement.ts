// Which access levels a reader may search in full (features/search): the
// levels whose articles the access decision opens to them by right — free,
// registered reader, subscriber, staff. A read the meter or the Premium
// allowance would pay for is not a right: search spends nothing and shows
// nothing it would have to pay for, so those articles are searched by their
// teaser only (docs/decisions/020-search.md).
import type { AccessLevel } from '../../core/db/schema.js';
import { decideAccess, type MeterSettings, type Reader } from './access-decision.js';

const LEVELS: readonly AccessLevel[] = ['free', 'registered', 'premium'];
const BY_RIGHT = new Set(['free', 'registered-reader', 'subscriber', 'staff']);

/**
 * The levels `reader` may search in full. Anonymous readers are asked about a
 * metered section (when sections are metered, a free article may be metered),
 * with an empty meter and an id no article has, so nothing is counted.
 */
export function fullTextSearchLevels(reader: Reader, settings: MeterSettings, now: number): AccessLevel[] {
  const sectionPath = settings.meteredSections[0] ?? '';
  return LEVELS.filter((accessLevel) => {
    const decision = decideAccess({ id: 0, accessLevel, sectionPath }, reader, settings, now);
    return decision.kind === 'full' && BY_RIGHT.has(decision.reason);
  });
}
