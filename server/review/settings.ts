import type { Queryable } from "../db/database.ts";
import { DEFAULT_CONFIRM_PAYLOADS, DEFAULT_CONFIRM_PHRASES, type ConfirmationRules } from "./resolution.ts";

/** The managers' review settings: one row (id 1), absent until a manager changes something. */
export interface ReviewSettings {
  dailyGoal: number;
  weeklyGoal: number;
  /** The share of each day's bot resolutions drawn into the random review sample. */
  sampleShare: number;
  /** No customer message for this long after the bot's last answer makes a resolution assumed. */
  quietMs: number;
  confirmation: ConfirmationRules;
}

const MINUTE_MS = 60_000;

const DEFAULT_REVIEW_SETTINGS: ReviewSettings = {
  dailyGoal: 20,
  weeklyGoal: 100,
  sampleShare: 0.05,
  quietMs: 60 * MINUTE_MS,
  confirmation: { phrases: DEFAULT_CONFIRM_PHRASES, payloads: DEFAULT_CONFIRM_PAYLOADS },
};

interface SettingsRow {
  daily_goal: number;
  weekly_goal: number;
  sample_share: number;
  quiet_minutes: number;
  confirm_phrases: string[] | null;
  confirm_payloads: string[] | null;
}

export async function getReviewSettings(db: Queryable): Promise<ReviewSettings> {
  const [row] = await db.query<SettingsRow>(
    "select daily_goal, weekly_goal, sample_share, quiet_minutes, confirm_phrases, confirm_payloads from review_settings where id = 1",
  );
  if (!row) return DEFAULT_REVIEW_SETTINGS;
  return {
    dailyGoal: row.daily_goal,
    weeklyGoal: row.weekly_goal,
    sampleShare: row.sample_share,
    quietMs: row.quiet_minutes * MINUTE_MS,
    confirmation: {
      phrases: row.confirm_phrases ?? DEFAULT_CONFIRM_PHRASES,
      payloads: row.confirm_payloads ?? DEFAULT_CONFIRM_PAYLOADS,
    },
  };
}

/**
 * Changes some settings, keeping the others (the defaults until a first change). Null phrases or payloads go back to
 * the defaults.
 */
export async function updateReviewSettings(
  db: Queryable,
  change: Partial<Omit<ReviewSettings, "confirmation">> & {
    confirmPhrases?: readonly string[] | null;
    confirmPayloads?: readonly string[] | null;
  },
  by: string,
  now: number,
): Promise<ReviewSettings> {
  const current = await getReviewSettings(db);
  const [row] = await db.query<{ confirm_phrases: string[] | null; confirm_payloads: string[] | null }>(
    "select confirm_phrases, confirm_payloads from review_settings where id = 1",
  );
  const phrases =
    change.confirmPhrases !== undefined ? change.confirmPhrases : (row?.confirm_phrases ?? null);
  const payloads =
    change.confirmPayloads !== undefined ? change.confirmPayloads : (row?.confirm_payloads ?? null);
  await db.query(
    `insert into review_settings (id, daily_goal, weekly_goal, sample_share, quiet_minutes, confirm_phrases, confirm_payloads, updated_by, updated_at)
     values (1, $1, $2, $3, $4, $5::text[], $6::text[], $7, $8)
     on conflict (id) do update set daily_goal = excluded.daily_goal, weekly_goal = excluded.weekly_goal,
       sample_share = excluded.sample_share, quiet_minutes = excluded.quiet_minutes,
       confirm_phrases = excluded.confirm_phrases, confirm_payloads = excluded.confirm_payloads,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [
      change.dailyGoal ?? current.dailyGoal,
      change.weeklyGoal ?? current.weeklyGoal,
      change.sampleShare ?? current.sampleShare,
      Math.max(1, Math.round((change.quietMs ?? current.quietMs) / MINUTE_MS)),
      phrases,
      payloads,
      by,
      now,
    ],
  );
  return getReviewSettings(db);
}
