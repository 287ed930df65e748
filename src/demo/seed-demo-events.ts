// The demo's events, written inside the demo's one transaction through the
// events repository (a data load, like the rest of the demo: docs/architecture.md).
import { randomUUID } from 'node:crypto';
import type { DbOrTransaction } from '../core/db/database.js';
import { randomToken } from '../core/security/tokens.js';
import * as eventsRepository from '../features/events/events.repository.js';
import { demoEvents } from './content/events.js';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export async function seedDemoEvents(trx: DbOrTransaction, options: { now: Date; authorIds: Map<string, number> }): Promise<void> {
  // Whole hours, so the demo's times read like a paper's listings.
  const hour = Math.floor(options.now.getTime() / HOUR_MS) * HOUR_MS;
  for (const event of demoEvents) {
    const startsAt = new Date(hour + event.startsInHours * HOUR_MS);
    const id = await eventsRepository.insertEvent(trx, {
      publicId: randomToken(9),
      calendarUid: `${randomUUID()}@masthead-events`,
      slug: event.slug,
      title: event.title,
      description: event.description,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + event.durationMinutes * MINUTE_MS).toISOString(),
      capacity: event.capacity,
      access: event.access,
      streamUrl: event.streamUrl,
      recordingUrl: event.recordingUrl ?? null,
      recordingAccess: event.recordingAccess ?? event.access,
      createdByUserId: null,
      now: options.now.toISOString(),
    });
    await eventsRepository.replaceSpeakers(
      trx,
      id,
      event.speakerSlugs.map((slug) => options.authorIds.get(slug)!),
    );
  }
}
