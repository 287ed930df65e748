// The only module that reads process.env. Everything else receives a frozen Config.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const booleanSetting = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

// `true` makes Fastify believe the left-most X-Forwarded-For address, which is
// whatever the client wrote: every per-address limit would be bypassed.
const TRUST_PROXY_TRUE_REFUSED =
  "true would believe any client's own X-Forwarded-For header. Write how many proxies stand in front of Masthead (TRUST_PROXY=1 behind one nginx) or their addresses (TRUST_PROXY=127.0.0.1,10.0.0.0/8)";

function isAddressOrRange(value: string): boolean {
  const [address, prefix, extra] = value.split('/');
  if (extra !== undefined || !address) return false;
  const version = isIP(address);
  if (version === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

// The staff roles as the database spells them (features/accounts/staff.service.ts STAFF_ROLES; config reads no feature).
const STAFF_ROLE_NAMES = ['contributor', 'author', 'editor', 'moderator', 'admin'];

const isValidTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((url) => !url || /^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(url), {
      message: 'must start with sqlite: or postgres:// (leave it unset for ./data/masthead.db)',
    }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  PUBLIC_URL: z.string().url({ message: 'must be an absolute URL such as https://news.example.com' }).optional(),
  PUBLICATION_NAME: z.string().min(1).max(100).default('The Northern Chronicle'),
  PUBLICATION_TAGLINE: z.string().max(200).default('Independent news, told plainly'),
  PUBLICATION_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en-GB')
    .default('en-GB'),
  PUBLICATION_TIME_ZONE: z
    .string()
    .refine(isValidTimeZone, { message: 'must be an IANA time zone such as Europe/London' })
    .default('Europe/London'),
  DEMO_CONTENT: z.enum(['auto', 'off']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: booleanSetting.default(false),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(256),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, context): false | number | string[] => {
      const setting = value?.trim() ?? '';
      if (setting === '' || setting === 'false' || setting === 'off' || setting === 'no' || setting === '0') return false;
      if (['true', 'on', 'yes'].includes(setting)) {
        context.addIssue({ code: 'custom', message: TRUST_PROXY_TRUE_REFUSED });
        return z.NEVER;
      }
      if (/^[1-9]$/.test(setting)) return Number(setting);
      const addresses = setting.split(',').map((part) => part.trim());
      const bad = addresses.filter((address) => !isAddressOrRange(address));
      if (bad.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `must be the number of proxies in front (1-9) or a comma-separated list of their addresses or CIDR ranges; not understood: ${bad.join(', ')}`,
        });
        return z.NEVER;
      }
      return addresses;
    }),
  PAGE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(5000),
  PAGE_CACHE_REVALIDATE_SECONDS: z.coerce.number().min(0).max(3600).default(5),
  /** How nodes hear of each other's edits at once: auto (PostgreSQL LISTEN/NOTIFY, else Redis when set), redis, or off (the window only). */
  PAGE_CACHE_CHANGE_FEED: z.enum(['auto', 'redis', 'off']).default('auto'),
  ANONYMOUS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86400).default(60),
  /** The funnel's aggregate counters (features/insight): on, or off (nothing counted; the benchmark's A/B). */
  INSIGHT_COUNTING: booleanSetting.default(true),
  /** How often each node adds its counts to the database. */
  INSIGHT_FLUSH_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  SESSION_DAYS: z.coerce.number().int().min(1).max(400).default(30),
  /** Which staff must use a second factor: a comma-separated list of roles, all-staff, or off. */
  REQUIRE_STAFF_2FA: z
    .string()
    .trim()
    .toLowerCase()
    .refine(
      (value) => value === 'off' || value === 'all-staff' || value.split(',').every((role) => STAFF_ROLE_NAMES.includes(role.trim())),
      {
        message: `must be off, all-staff, or a comma-separated list of staff roles (${STAFF_ROLE_NAMES.join(', ')})`,
      },
    )
    .default('editor,admin'),
  STAFF_SESSION_HOURS: z.coerce.number().int().min(1).max(720).default(12),
  STAFF_2FA_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('The Northern Chronicle <newsroom@localhost>'),
  /** Newsletters (features/newsletters): their own SMTP server if set, else SMTP_URL, else the outbox folder. */
  NEWSLETTER_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  NEWSLETTER_SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(5),
  NEWSLETTER_RATE_PER_SECOND: z.coerce.number().min(0).max(100_000).default(0),
  NEWSLETTER_BOUNCE_THRESHOLD: z.coerce.number().int().min(1).max(20).default(3),
  NEWSLETTER_CLAIM_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  NEWSLETTER_UNSUBSCRIBE_MAILBOX: z.string().email({ message: 'must be an email address' }).optional(),
  NEWSLETTER_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  READER_PASSWORD_MIN_LENGTH: z.coerce.number().int().min(6).max(64).default(6),
  STAFF_PASSWORD_MIN_LENGTH: z.coerce.number().int().min(10).max(128).default(12),
  REQUIRE_VERIFIED_EMAIL_TO_COMMENT: booleanSetting.default(true),
  COMMENT_MAX_LENGTH: z.coerce.number().int().min(100).max(20_000).default(5000),
  COMMENT_EDIT_WINDOW_MINUTES: z.coerce.number().int().min(0).max(10_080).default(15),
  /** Hold a reader's comments for moderation until this many of theirs are published (0: off). */
  COMMENT_NEW_COMMENTER_HOLD: z.coerce.number().int().min(0).max(1000).default(0),
  /** A new account's comment with more links than this is held for moderation. */
  COMMENT_LINK_HOLD_THRESHOLD: z.coerce.number().int().min(0).max(1000).default(2),
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(8192).max(1048576).default(65536),
  ARGON2_ITERATIONS: z.coerce.number().int().min(1).max(20).default(2),
  ALTCHA_COST: z.coerce.number().int().min(1).max(1_000_000).default(2_000),
  ALTCHA_MAX_COUNTER: z.coerce.number().int().min(10).max(1_000_000).default(2_000),
  NO_SCRIPT_FORM_DELAY_SECONDS: z.coerce.number().int().min(0).max(120).default(8),
  /** The largest image file the newsroom may upload, and the most pixels one may decode to (decompression bombs). */
  IMAGE_UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(200).default(25),
  IMAGE_MAX_MEGAPIXELS: z.coerce.number().int().min(1).max(500).default(60),
  METER_FREE_ARTICLES: z.coerce.number().int().min(0).max(1000).default(5),
  METER_PREMIUM_ARTICLES: z.coerce.number().int().min(0).max(1000).default(3),
  METER_PERIOD_DAYS: z.coerce.number().int().min(1).max(366).default(30),
  /** Top-level body blocks (paragraphs, figures…) shown above the wall. */
  WALL_TEASER_BLOCKS: z.coerce.number().int().min(0).max(20).default(3),
  METERED_SECTIONS: z
    .string()
    .regex(
      /^([a-z0-9-]+(\/[a-z0-9-]+)*)?(,[a-z0-9-]+(\/[a-z0-9-]+)*)*$/,
      'must be a comma-separated list of section paths such as world,politics',
    )
    .default(''),
  TERMS_VERSION: z.string().min(1).max(40).default('2026-11-01'),
  PRIVACY_VERSION: z.string().min(1).max(40).default('2026-11-01'),
  COOKIE_POLICY_VERSION: z.string().min(1).max(40).default('2026-11-28'),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\S+$/, "must be the endpoint's signing secret from Stripe, starting with whsec_")
    .optional(),
  STRIPE_PAYMENT_LINK_URL: z
    .string()
    .url({ message: 'must be an absolute URL such as https://buy.stripe.com/…' })
    .refine((url) => url.startsWith('https://'), { message: 'must be an https:// URL' })
    .optional(),
});

export type DatabaseTarget = { engine: 'sqlite'; filename: string } | { engine: 'postgres'; connectionString: string; poolSize: number };

export interface Config {
  port: number;
  host: string;
  dataDirectory: string;
  database: DatabaseTarget;
  publicUrl: string;
  publication: { name: string; tagline: string; language: string; timeZone: string };
  loadDemoContent: boolean;
  log: { level: string; requests: boolean };
  /** How long a client has to send a whole request, and how many connections one address may hold open. */
  connections: { requestTimeoutMs: number; maxPerAddress: number };
  /** false, a hop count, or the trusted proxies' addresses and ranges: as Fastify's `trustProxy` takes them. */
  trustProxy: false | number | string[];
  /** `changeFeed`: how a node hears of other nodes' edits before its next check (core/http/content-change-feed.ts). */
  pageCache: { maxEntries: number; revalidateMs: number; changeFeed: 'auto' | 'redis' | 'off' };
  insight: { counting: boolean; flushMs: number };
  anonymousMaxAgeSeconds: number;
  /** Unset means: generate one and keep it under the data directory (single-node only). */
  sessionSecret: string | undefined;
  sessionDays: number;
  /** Staff sessions: shorter, a second factor for `requiredFor` roles, asked again after `idleMinutes` away from the newsroom. */
  staffSecurity: { requiredFor: readonly string[]; sessionHours: number; idleMinutes: number };
  cookieSecure: boolean;
  redisUrl: string | undefined;
  mail: { smtpUrl: string | undefined; from: string; outboxDirectory: string };
  /** Newsletter sending (features/newsletters/README.md). Null webhook secret: the bounce webhook does not exist. */
  newsletters: {
    smtpUrl: string | undefined;
    poolSize: number;
    ratePerSecond: number;
    bounceThreshold: number;
    claimSeconds: number;
    unsubscribeMailbox: string | null;
    webhookSecret: string | null;
  };
  passwords: { readerMinLength: number; staffMinLength: number; argon2MemoryKib: number; argon2Iterations: number };
  requireVerifiedEmailToComment: boolean;
  /** Longest comment accepted (characters), and how long its author may edit it. */
  comments: { maxLength: number; editWindowMinutes: number };
  commentModeration: { newCommenterHold: number; linkHoldThreshold: number };
  botProtection: { altchaCost: number; altchaMaxCounter: number; noScriptDelaySeconds: number };
  legalVersions: { terms: string; privacy: string; cookies: string };
  meter: { anonymousFreeArticles: number; registeredPremiumArticles: number; periodDays: number; meteredSections: readonly string[] };
  wallTeaserBlocks: number;
  imageUploads: { maxBytes: number; maxPixels: number };
  /** Null webhook secret: the webhook endpoint does not exist. Null payment link: the subscribe wall has no Stripe link to offer. */
  stripe: { webhookSecret: string | null; paymentLinkUrl: string | null };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates every setting at once, so an operator sees all mistakes in one go. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Readonly<Config> {
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const settings = parsed.data;
  if (settings.PAGE_CACHE_CHANGE_FEED === 'redis' && !settings.REDIS_URL) {
    throw new ConfigError(['PAGE_CACHE_CHANGE_FEED: redis needs REDIS_URL']);
  }
  const dataDirectory = path.resolve(settings.DATA_DIR);
  const database: DatabaseTarget = settings.DATABASE_URL?.startsWith('postgres')
    ? { engine: 'postgres', connectionString: settings.DATABASE_URL, poolSize: settings.DATABASE_POOL_SIZE }
    : {
        engine: 'sqlite',
        filename: settings.DATABASE_URL
          ? path.resolve(settings.DATABASE_URL.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''))
          : path.join(dataDirectory, 'masthead.db'),
      };
  const publicUrl = withoutTrailingSlashes(settings.PUBLIC_URL ?? `http://localhost:${settings.PORT}`);
  return Object.freeze({
    port: settings.PORT,
    host: settings.HOST,
    dataDirectory,
    database,
    publicUrl,
    publication: Object.freeze({
      name: settings.PUBLICATION_NAME,
      tagline: settings.PUBLICATION_TAGLINE,
      language: settings.PUBLICATION_LANGUAGE,
      timeZone: settings.PUBLICATION_TIME_ZONE,
    }),
    loadDemoContent: settings.DEMO_CONTENT === 'auto',
    log: Object.freeze({ level: settings.LOG_LEVEL, requests: settings.LOG_REQUESTS }),
    connections: Object.freeze({
      requestTimeoutMs: settings.REQUEST_TIMEOUT_SECONDS * 1000,
      maxPerAddress: settings.MAX_CONNECTIONS_PER_ADDRESS,
    }),
    trustProxy: settings.TRUST_PROXY,
    pageCache: Object.freeze({
      maxEntries: settings.PAGE_CACHE_MAX_ENTRIES,
      revalidateMs: settings.PAGE_CACHE_REVALIDATE_SECONDS * 1000,
      changeFeed: settings.PAGE_CACHE_CHANGE_FEED,
    }),
    anonymousMaxAgeSeconds: settings.ANONYMOUS_MAX_AGE_SECONDS,
    insight: Object.freeze({ counting: settings.INSIGHT_COUNTING, flushMs: settings.INSIGHT_FLUSH_SECONDS * 1000 }),
    sessionSecret: settings.SESSION_SECRET,
    sessionDays: settings.SESSION_DAYS,
    staffSecurity: Object.freeze({
      requiredFor: Object.freeze(staffRolesRequiring(settings.REQUIRE_STAFF_2FA)),
      sessionHours: settings.STAFF_SESSION_HOURS,
      idleMinutes: settings.STAFF_2FA_IDLE_MINUTES,
    }),
    cookieSecure: publicUrl.startsWith('https:'),
    redisUrl: settings.REDIS_URL,
    mail: Object.freeze({ smtpUrl: settings.SMTP_URL, from: settings.MAIL_FROM, outboxDirectory: path.join(dataDirectory, 'outbox') }),
    newsletters: Object.freeze({
      smtpUrl: settings.NEWSLETTER_SMTP_URL ?? settings.SMTP_URL,
      poolSize: settings.NEWSLETTER_SMTP_POOL_SIZE,
      ratePerSecond: settings.NEWSLETTER_RATE_PER_SECOND,
      bounceThreshold: settings.NEWSLETTER_BOUNCE_THRESHOLD,
      claimSeconds: settings.NEWSLETTER_CLAIM_SECONDS,
      unsubscribeMailbox: settings.NEWSLETTER_UNSUBSCRIBE_MAILBOX ?? null,
      webhookSecret: settings.NEWSLETTER_WEBHOOK_SECRET ?? null,
    }),
    passwords: Object.freeze({
      readerMinLength: settings.READER_PASSWORD_MIN_LENGTH,
      staffMinLength: settings.STAFF_PASSWORD_MIN_LENGTH,
      argon2MemoryKib: settings.ARGON2_MEMORY_KIB,
      argon2Iterations: settings.ARGON2_ITERATIONS,
    }),
    requireVerifiedEmailToComment: settings.REQUIRE_VERIFIED_EMAIL_TO_COMMENT,
    comments: Object.freeze({ maxLength: settings.COMMENT_MAX_LENGTH, editWindowMinutes: settings.COMMENT_EDIT_WINDOW_MINUTES }),
    commentModeration: Object.freeze({
      newCommenterHold: settings.COMMENT_NEW_COMMENTER_HOLD,
      linkHoldThreshold: settings.COMMENT_LINK_HOLD_THRESHOLD,
    }),
    botProtection: Object.freeze({
      altchaCost: settings.ALTCHA_COST,
      altchaMaxCounter: settings.ALTCHA_MAX_COUNTER,
      noScriptDelaySeconds: settings.NO_SCRIPT_FORM_DELAY_SECONDS,
    }),
    wallTeaserBlocks: settings.WALL_TEASER_BLOCKS,
    imageUploads: Object.freeze({
      maxBytes: settings.IMAGE_UPLOAD_MAX_MB * 1024 * 1024,
      maxPixels: settings.IMAGE_MAX_MEGAPIXELS * 1_000_000,
    }),
    meter: Object.freeze({
      anonymousFreeArticles: settings.METER_FREE_ARTICLES,
      registeredPremiumArticles: settings.METER_PREMIUM_ARTICLES,
      periodDays: settings.METER_PERIOD_DAYS,
      meteredSections: Object.freeze(settings.METERED_SECTIONS.split(',').filter(Boolean)),
    }),
    legalVersions: Object.freeze({
      terms: settings.TERMS_VERSION,
      privacy: settings.PRIVACY_VERSION,
      cookies: settings.COOKIE_POLICY_VERSION,
    }),
    stripe: Object.freeze({
      webhookSecret: settings.STRIPE_WEBHOOK_SECRET ?? null,
      paymentLinkUrl: settings.STRIPE_PAYMENT_LINK_URL ?? null,
    }),
  });
}

function staffRolesRequiring(setting: string): string[] {
  if (setting === 'off') return [];
  if (setting === 'all-staff') return [...STAFF_ROLE_NAMES];
  return [...new Set(setting.split(',').map((role) => role.trim()))];
}

function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}
