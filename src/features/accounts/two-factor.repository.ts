// The staff second factor's rows (migration 0018). Every "use once" rule is a
// single conditional UPDATE, so two requests racing with the same code or
// recovery code cannot both pass.
import type { DbOrTransaction } from '../../core/db/database.js';

export async function findSecondFactor(db: DbOrTransaction, userId: number) {
  return db
    .selectFrom('staff_second_factors')
    .where('user_id', '=', userId)
    .select(['sealed_secret', 'confirmed_at', 'last_used_step'])
    .executeTakeFirst();
}

/** A new secret waiting for its first code (any earlier unconfirmed one is replaced; a confirmed one is kept). */
export async function savePendingSecondFactor(db: DbOrTransaction, userId: number, sealedSecret: string, now: string): Promise<void> {
  await db.deleteFrom('staff_second_factors').where('user_id', '=', userId).where('confirmed_at', 'is', null).execute();
  await db
    .insertInto('staff_second_factors')
    .values({ user_id: userId, sealed_secret: sealedSecret, confirmed_at: null, last_used_step: null, created_at: now })
    .onConflict((conflict) => conflict.column('user_id').doNothing())
    .execute();
}

export async function confirmSecondFactor(db: DbOrTransaction, userId: number, step: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('staff_second_factors')
    .set({ confirmed_at: now, last_used_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records `step` as used; false when it (or a later one) was used already. */
export async function claimStep(db: DbOrTransaction, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff_second_factors')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(db: DbOrTransaction, userId: number, codeHashes: string[], now: string): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('staff_recovery_codes')
    .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now, used_at: null })))
    .execute();
}

export async function useRecoveryCode(db: DbOrTransaction, userId: number, codeHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('staff_recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countRecoveryCodesLeft(db: DbOrTransaction, userId: number): Promise<number> {
  const row = await db
    .selectFrom('staff_recovery_codes')
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function deleteSecondFactor(db: DbOrTransaction, userId: number): Promise<void> {
  await db.deleteFrom('staff_recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('staff_second_factors').where('user_id', '=', userId).execute();
}
