import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has working defaults: SQLite under ./data, port 3000, London time', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ engine: 'sqlite', filename: expect.stringMatching(/data\/masthead\.db$/) });
    expect(config.publication.timeZone).toBe('Europe/London');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.loadDemoContent).toBe(true);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('picks PostgreSQL or another SQLite file from DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).database).toMatchObject({
      engine: 'postgres',
      connectionString: 'postgres://u@h/db',
    });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/paper.db' }).database).toEqual({ engine: 'sqlite', filename: '/tmp/paper.db' });
  });

  it('lists every bad setting at once', () => {
    try {
      loadConfig({ PORT: 'eighty', PUBLICATION_TIME_ZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x', DEMO_CONTENT: 'maybe' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'PUBLICATION_TIME_ZONE', 'DATABASE_URL', 'DEMO_CONTENT']) expect(problems).toContain(name);
    }
  });

  it('reads the meter settings, with metered sections as a list', () => {
    expect(loadConfig({}).meter).toEqual({ anonymousFreeArticles: 5, registeredPremiumArticles: 3, periodDays: 30, meteredSections: [] });
    expect(loadConfig({ METERED_SECTIONS: 'world,politics/uk' }).meter.meteredSections).toEqual(['world', 'politics/uk']);
    expect(() => loadConfig({ METERED_SECTIONS: 'World News' })).toThrow(/METERED_SECTIONS/);
  });

  it('reads the Stripe settings; both unset means no webhook and no payment link', () => {
    expect(loadConfig({}).stripe).toEqual({ webhookSecret: null, paymentLinkUrl: null });
    const configured = loadConfig({
      STRIPE_WEBHOOK_SECRET: 'whsec_test0123456789',
      STRIPE_PAYMENT_LINK_URL: 'https://buy.stripe.com/test_00000000',
    });
    expect(configured.stripe).toEqual({ webhookSecret: 'whsec_test0123456789', paymentLinkUrl: 'https://buy.stripe.com/test_00000000' });
    expect(Object.isFrozen(configured.stripe)).toBe(true);
    // An API key pasted where the signing secret belongs, and a link that would leak over plain HTTP.
    expect(() => loadConfig({ STRIPE_WEBHOOK_SECRET: 'sk_test_0123456789' })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => loadConfig({ STRIPE_PAYMENT_LINK_URL: 'http://buy.stripe.com/test_00000000' })).toThrow(/STRIPE_PAYMENT_LINK_URL/);
    expect(() => loadConfig({ STRIPE_PAYMENT_LINK_URL: 'not a url' })).toThrow(/STRIPE_PAYMENT_LINK_URL/);
  });

  it('chooses how nodes hear of edits; redis needs REDIS_URL', () => {
    expect(loadConfig({}).pageCache.changeFeed).toBe('auto');
    expect(loadConfig({ PAGE_CACHE_CHANGE_FEED: 'off' }).pageCache.changeFeed).toBe('off');
    expect(loadConfig({ PAGE_CACHE_CHANGE_FEED: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }).pageCache.changeFeed).toBe('redis');
    expect(() => loadConfig({ PAGE_CACHE_CHANGE_FEED: 'redis' })).toThrow(/PAGE_CACHE_CHANGE_FEED: redis needs REDIS_URL/);
    expect(() => loadConfig({ PAGE_CACHE_CHANGE_FEED: 'always' })).toThrow(/PAGE_CACHE_CHANGE_FEED/);
  });

  it('reads staff security: editors and admins need a second factor by default; roles, all-staff or off', () => {
    expect(loadConfig({}).staffSecurity).toEqual({ requiredFor: ['editor', 'admin'], sessionHours: 12, idleMinutes: 60 });
    expect(loadConfig({ REQUIRE_STAFF_2FA: 'off' }).staffSecurity.requiredFor).toEqual([]);
    expect(loadConfig({ REQUIRE_STAFF_2FA: 'all-staff' }).staffSecurity.requiredFor).toEqual([
      'contributor',
      'author',
      'editor',
      'moderator',
      'admin',
    ]);
    expect(loadConfig({ REQUIRE_STAFF_2FA: ' Admin, moderator ' }).staffSecurity.requiredFor).toEqual(['admin', 'moderator']);
    expect(loadConfig({ STAFF_SESSION_HOURS: '4', STAFF_2FA_IDLE_MINUTES: '15' }).staffSecurity).toMatchObject({
      sessionHours: 4,
      idleMinutes: 15,
    });
    expect(() => loadConfig({ REQUIRE_STAFF_2FA: 'editor,reader' })).toThrow(
      /REQUIRE_STAFF_2FA: must be off, all-staff, or a comma-separated list of staff roles/,
    );
    expect(() => loadConfig({ STAFF_2FA_IDLE_MINUTES: '1' })).toThrow(/STAFF_2FA_IDLE_MINUTES/);
  });

  it('strips a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://news.example.com/' }).publicUrl).toBe('https://news.example.com');
  });

  it('trusts proxies by hop count or by address, and refuses the setting that believes any client', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY.*TRUST_PROXY=1/s);
    for (const bad of ['yes', '10.0.0.0/33', 'nginx', '1.2.3', '12', '10.0.0.1/8/2'])
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });
});
