import { hash, verify } from "@node-rs/argon2";

/**
 * Argon2id with OWASP's second recommended setting (19 MiB, 2 passes, 1 lane): about 20-40 ms here, which is what
 * makes a stolen hash expensive to guess while sign-in stays instant.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A real hash of nothing anyone types, verified when the email is unknown so both answers take as long. */
let dummy: Promise<string> | null = null;

/** Checks a password against a stored hash; with no hash it still spends the same time and answers false. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword("baton: no such account, nothing to match");
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
