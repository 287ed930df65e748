// Tables of staff security (migration 0018): the TOTP second factor and its
// recovery codes. Columns 0018 adds to users, sessions and api_keys are in schema.ts.
import type { Generated } from 'kysely';

export interface StaffSecondFactorsTable {
  user_id: number;
  /** AES-256-GCM of the base32 secret under a key derived from SESSION_SECRET (features/accounts/sealed-secret.ts). */
  sealed_secret: string;
  /** Null while enrolment waits for the first code. */
  confirmed_at: string | null;
  /** The 30-second step of the last accepted code (PostgreSQL bigint arrives as a string). */
  last_used_step: number | string | null;
  created_at: string;
}

export interface StaffRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 of the normalised code, base64url. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface StaffSecurityTables {
  staff_second_factors: StaffSecondFactorsTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
}
