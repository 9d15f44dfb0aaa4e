import type { Queryable } from "../db/database.ts";

/**
 * Wrong passwords slow down, then lock: per account (by the email typed, whether or not it exists, so the answer
 * tells nothing) and per address (looser: many agents share an office address). Failures older than the window
 * are forgotten; a correct password clears the account's count.
 */
export interface ThrottleRule {
  /** From this many failures, each further try must wait 1 s, 2 s, 4 s… */
  slowAfter: number;
  /** At this many failures the key is locked for lockMs. */
  lockAfter: number;
  lockMs: number;
  windowMs: number;
}

export const ACCOUNT_RULE: ThrottleRule = {
  slowAfter: 3,
  lockAfter: 10,
  lockMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};
export const ADDRESS_RULE: ThrottleRule = {
  slowAfter: 20,
  lockAfter: 50,
  lockMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};

export const accountKey = (email: string) => `account:${email}`;
export const addressKey = (ip: string) => `address:${ip}`;

/** When the key may try again after `failures` failures (pure: the rule, one row per threshold in its test). */
export function nextAllowedAt(rule: ThrottleRule, failures: number, now: number): number | null {
  if (failures >= rule.lockAfter) return now + rule.lockMs;
  if (failures >= rule.slowAfter) return now + Math.min(1000 * 2 ** (failures - rule.slowAfter), rule.lockMs);
  return null;
}

export class SignInThrottle {
  constructor(private readonly db: Queryable) {}

  /** Milliseconds until any of these keys may try again (0: now). */
  async waitMs(keys: readonly string[], now: number): Promise<number> {
    const rows = await this.db.query<{ locked_until: number | null }>(
      "select locked_until from sign_in_throttle where key = any($1::text[])",
      [keys],
    );
    return Math.max(0, ...rows.map((r) => (r.locked_until === null ? 0 : Number(r.locked_until) - now)));
  }

  /** Counts a failure against each key; returns true when this failure locked one of them. */
  async fail(keys: readonly { key: string; rule: ThrottleRule }[], now: number): Promise<boolean> {
    let locked = false;
    for (const { key, rule } of keys) {
      const [row] = await this.db.query<{ failures: number }>(
        `insert into sign_in_throttle (key, failures, first_failure_at) values ($1, 1, $2)
         on conflict (key) do update set
           failures = case when sign_in_throttle.first_failure_at < $2 - $3 then 1 else sign_in_throttle.failures + 1 end,
           first_failure_at = case when sign_in_throttle.first_failure_at < $2 - $3 then $2 else sign_in_throttle.first_failure_at end
         returning failures`,
        [key, now, rule.windowMs],
      );
      const failures = row?.failures ?? 1;
      const until = nextAllowedAt(rule, failures, now);
      await this.db.query("update sign_in_throttle set locked_until = $2 where key = $1", [key, until]);
      if (failures === rule.lockAfter) locked = true;
    }
    return locked;
  }

  async clear(key: string): Promise<void> {
    await this.db.query("delete from sign_in_throttle where key = $1", [key]);
  }
}
