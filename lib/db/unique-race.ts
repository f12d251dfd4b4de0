import { ConflictError } from "../errors";

/**
 * Keys (entry and action-item keys) are derived from titles by reading the keys already taken inside
 * the write transaction. On PostgreSQL two concurrent writers with the same title both see the key as
 * free and the second insert hits the unique index (Prisma P2002) — SQLite serialises writers, so it
 * never races. A derived key simply tries again (its next read sees the winner's key); a key the client
 * chose itself is a genuine conflict → 409.
 */
export async function retryOnUniqueRace<T>(attempt: () => Promise<T>, options: { keyChosenByClient: boolean; conflict: string; tries?: number }): Promise<T> {
  const tries = options.tries ?? 5;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if ((error as { code?: unknown }).code !== "P2002") throw error;
      if (options.keyChosenByClient || n >= tries) throw new ConflictError(options.conflict);
    }
  }
}
