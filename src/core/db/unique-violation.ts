// A write that lost a race for a unique key (a slug, an address) is the
// reader's or editor's mistake to correct, not a server error: callers turn it
// into the same answer their own "is it taken?" check gives.

/** True when `error` is the engine's unique-key refusal (PostgreSQL unique_violation; better-sqlite3's extended code). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
