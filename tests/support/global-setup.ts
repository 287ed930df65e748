// Says loudly, once per run, whether the PostgreSQL half of the DB tests runs.
export default function setup(): void {
  if (!process.env.TEST_REDIS_URL)
    console.warn('TEST_REDIS_URL is not set: the Redis rate-limiter tests are skipped (set it to redis://127.0.0.1:6379).');
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const message = 'TEST_DATABASE_URL is not set: every *.db.test.ts runs on SQLite only; PostgreSQL runs are SKIPPED.';
    if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`${message} REQUIRE_POSTGRES=1 forbids that.`);
    console.warn(`\n${'!'.repeat(100)}\n${message}\nSet TEST_DATABASE_URL=postgres://… (see README) to run them.\n${'!'.repeat(100)}\n`);
  }
}
