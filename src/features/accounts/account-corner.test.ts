// The signed-in corner as the page sender splices it into every page: the
// links other features contribute, in order, and only our own notices.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { trustedHtml } from '#jsx/jsx-runtime';
import type { Csrf } from '../../core/http/csrf.js';
import type { CurrentSession } from '../../core/http/sessions.js';
import type { Role } from '../../core/db/schema.js';
import { createAccountCorner } from './account-corner.js';

const csrf = { tokenFor: () => 'csrf-token-for-this-page', verify: () => true } as unknown as Csrf;
const request = {} as FastifyRequest;
const reply = {} as FastifyReply;

function sessionOf(role: Role): CurrentSession {
  return {
    id: 'session-id',
    user: { id: 7, email: 'marisol@example.test', firstName: 'Marisol', lastName: 'Quay', role, isEmailVerified: true },
    secondFactorAt: null,
    staffSeenAt: null,
  };
}

describe('account corner', () => {
  it('shows the contributed links before "Your account", in the order given, awaiting those that read', async () => {
    const render = createAccountCorner({
      csrf,
      links: [
        { read: async (user) => user.id * 6, render: (_user, read: number) => trustedHtml(`<a href="/first">First for ${read}</a>`) },
        { render: () => null },
        { render: (user) => (user.role === 'reader' ? null : trustedHtml('<a href="/second">Second</a>')) },
      ],
    });
    const reader = await render(request, reply, sessionOf('reader'), undefined);
    expect(reader).toContain('<div class="account-nav"><a href="/first">First for 42</a><a href="/account">Your account</a>');
    expect(reader).toContain('value="csrf-token-for-this-page"');
    const editor = await render(request, reply, sessionOf('editor'), undefined);
    expect(editor).toContain('<a href="/first">First for 42</a><a href="/second">Second</a><a href="/account">Your account</a>');
  });

  it('says thank you after registering and confirms a sign-in', async () => {
    const render = createAccountCorner({ csrf, links: [] });
    expect(await render(request, reply, sessionOf('reader'), 'registered')).toContain(
      '<p class="site-notice" role="status">Thank you for registering. You are signed in.</p>',
    );
    expect(await render(request, reply, sessionOf('reader'), 'signed-in')).toContain('You are signed in.');
  });

  it('shows no notice for a key it does not know, including names every object has', async () => {
    const render = createAccountCorner({ csrf, links: [] });
    for (const notice of ['password-changed', 'constructor', 'toString', '__proto__', 'hasOwnProperty', '']) {
      const html = await render(request, reply, sessionOf('reader'), notice);
      expect(html, notice).not.toContain('site-notice');
      expect(html, notice).toContain('Your account');
    }
  });
});
