// The reset form states the policy of the account the link belongs to:
// staff links ask for the staff policy, not the reader one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../core/db/testing.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { createStaffService } from './staff.service.js';

const NOW = new Date('2026-03-10T12:00:00Z');

describeEachEngine('reset form password hint', (engine) => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ engine, now: NOW });
  });
  afterAll(() => testApp.destroy());

  it('shows the staff policy on a staff sign-in link and the reader policy otherwise', async () => {
    const staff = createStaffService({ db: testApp.database.db, clock: testApp.clock, publicUrl: 'https://news.example.test' });
    const added = await staff.addStaffMember({ email: 'desk@example.com', role: 'editor', name: 'Desk Editor' });
    if (added.kind === 'invalid') throw new Error(added.problems.join('; '));
    const path = new URL(added.signInLink!.url).pathname + new URL(added.signInLink!.url).search;
    const page = await testApp.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Staff passwords: at least 12 characters');
    expect(page.body).not.toContain('with an upper and lower case letter');
    const dead = await testApp.app.inject({ method: 'GET', url: '/reset-password?token=not-a-real-token' });
    expect(dead.statusCode).toBe(400);
  });
});
