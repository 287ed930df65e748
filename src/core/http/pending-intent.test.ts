// Pending intents: kept for their own page only, taken once, refused when
// tampered with or expired.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.js';
import { createPendingIntents } from './pending-intent.js';

async function harness() {
  const clock = fixedClock('2026-12-06T10:00:00Z');
  const intents = createPendingIntents({ secret: 'pending-intent-test-secret-0123456789', cookies: { secure: true }, clock });
  const app = Fastify();
  app.post('/remember', async (_request, reply) =>
    reply.send({ location: intents.remember(reply, { action: 'events:sign-up', path: '/events/x' }) }),
  );
  app.get('/take/*', async (request, reply) =>
    reply.send({ action: intents.take(request, reply, `/${(request.params as { '*': string })['*']}`) }),
  );
  const remembered = await app.inject({ method: 'POST', url: '/remember' });
  const cookie = String(remembered.headers['set-cookie']).split(';')[0]!;
  const take = async (path: string, value = cookie) => {
    const response = await app.inject({ url: `/take${path}`, headers: { cookie: value } });
    return { action: response.json().action as string | null, setCookie: String(response.headers['set-cookie'] ?? '') };
  };
  return { clock, remembered, cookie, take };
}

describe('pending intents', () => {
  it('sends the reader to register with the page as next, in a signed HttpOnly cookie', async () => {
    const { remembered, cookie } = await harness();
    expect(remembered.json().location).toBe('/register?next=%2Fevents%2Fx');
    expect(cookie.startsWith('__Host-mh_intent=')).toBe(true);
    expect(String(remembered.headers['set-cookie'])).toContain('HttpOnly');
  });

  it('is taken by its own page only, and cleared as it is taken', async () => {
    const { take } = await harness();
    expect(await take('/events/other')).toEqual({ action: null, setCookie: '' });
    const taken = await take('/events/x');
    expect(taken.action).toBe('events:sign-up');
    expect(taken.setCookie).toContain('Max-Age=0');
  });

  it('refuses a tampered or expired intent', async () => {
    const { take, cookie, clock } = await harness();
    const [name, value] = cookie.split('=');
    const [payload, signature] = decodeURIComponent(value!).split('.');
    const forged = Buffer.from(JSON.stringify({ a: 'events:sign-up', p: '/events/y', e: 9_999_999_999 })).toString('base64url');
    expect((await take('/events/y', `${name}=${forged}.${signature}`)).action).toBeNull();
    expect((await take('/events/x', `${name}=${payload}.x${signature}`)).action).toBeNull();
    expect((await take('/events/x', `${name}=garbage`)).action).toBeNull();
    clock.advance(3600_000);
    expect((await take('/events/x')).action).toBeNull();
  });
});
