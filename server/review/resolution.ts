import { REOPEN_WINDOW_MS, type ResolutionKind } from "../../contract/review.ts";
import { normalise } from "../conversations/classify.ts";

/**
 * When a bot resolution is confirmed, assumed or reopened (issue 10). Pure: the engine calls these in the ingest
 * transaction, the review store and the insights read the columns they fill.
 *
 * - confirmed: the customer says or taps that it helped (configurable phrases and payloads);
 * - assumed: no customer message for the quiet time after the bot's last answer;
 * - reopened: the customer writes again within 7 days (REOPEN_WINDOW_MS) with anything but a confirmation.
 */

export interface ConfirmationRules {
  /** Phrases that confirm wherever they stand in a message that asks nothing ("perfect", "that helped"). */
  phrases: readonly string[];
  /** Words a confirming payload contains ("THANKS" matches THANKS and BOT_THANKS_1). */
  payloads: readonly string[];
}

export const DEFAULT_CONFIRM_PHRASES: readonly string[] = [
  "that helped",
  "this helped",
  "it helped",
  "helped a lot",
  "very helpful",
  "perfect",
  "solved",
  "problem solved",
  "all good",
  "that works",
  "got it thanks",
  "great thanks",
  "awesome thanks",
  "👍",
  "👌",
  "perfecto",
  "resuelto",
  "me sirvio",
  "me ayudo",
  "parfait",
  "resolu",
  "ca m a aide",
  "perfekt",
  "gelost",
  "hat geholfen",
  "perfeito",
  "resolvido",
  "ajudou",
  "perfetto",
  "risolto",
];

export const DEFAULT_CONFIRM_PAYLOADS: readonly string[] = [
  "THANKS",
  "THANK_YOU",
  "RESOLVED",
  "HELPED",
  "SOLVED",
];

export const DEFAULT_CONFIRMATION_RULES: ConfirmationRules = {
  phrases: DEFAULT_CONFIRM_PHRASES,
  payloads: DEFAULT_CONFIRM_PAYLOADS,
};

/** Thanks that confirm only as the whole message: "thanks" then a new question is a new request. */
const THANKS_ALONE = new Set([
  "thanks",
  "thank you",
  "thanks a lot",
  "thank you so much",
  "thanks again",
  "thank you again",
  "many thanks",
  "thx",
  "ty",
  "ok thanks",
  "ok thank you",
  "gracias",
  "muchas gracias",
  "merci",
  "merci beaucoup",
  "danke",
  "danke schon",
  "vielen dank",
  "obrigado",
  "obrigada",
  "grazie",
  "grazie mille",
]);

/** Reactions to the bot's answer that say it helped. */
const CONFIRMING_REACTIONS = new Set(["👍", "❤", "❤️", "😍", "🙏", "👌", "love", "like"]);

const QUESTION_STARTS = new Set(
  `what whats where wheres when why how who which whose can could do does did is are was were will would should may
   have has any
   que donde cuando cual cuales como quien quienes puedo puede pueden tienen tiene hay es esta
   ou quand pourquoi comment qui quel quelle quels quelles combien est pouvez puis avez
   wo wann warum wie wer was welche welcher welches kann konnen konnt habt gibt ist
   onde quando porque qual quais quem posso pode tem
   dove quando perche come chi quale quali posso puoi avete`
    .split(/\s+/)
    .filter(Boolean),
);
/** Words a question may start with before its question word ("hi, where is...", "and how long..."). */
const LEAD_INS = new Set(
  `hi hello hey ok okay and so also but hola bonjour salut hallo und et e y ma mais`.split(" "),
);

/** The message reads as a question: it has a question mark, or starts like one in the languages the shops use. */
export function isQuestion(text: string | null | undefined): boolean {
  if (!text) return false;
  if (/[?¿？]/.test(text)) return true;
  const tokens = normalise(text).replace(/'/g, " ").split(" ").filter(Boolean);
  let i = 0;
  while (i < tokens.length - 1 && LEAD_INS.has(tokens[i] ?? "")) i += 1;
  const first = tokens[i];
  // A lone word is no question ("what" alone, "hi").
  return first !== undefined && tokens.length - i > 1 && QUESTION_STARTS.has(first);
}

const padded = (text: string) => ` ${normalise(text).replace(/'/g, " ")} `;
const hasLetters = (s: string) => /[\p{L}\p{N}]/u.test(s);

/** The customer said or tapped that the bot's answer helped. A message that asks something never confirms. */
export function isConfirmation(
  turn: { text?: string | null; payload?: string | null },
  rules: ConfirmationRules = DEFAULT_CONFIRMATION_RULES,
): boolean {
  if (turn.payload) {
    const upper = turn.payload.toUpperCase();
    if (rules.payloads.some((p) => p.trim() !== "" && upper.includes(p.trim().toUpperCase()))) return true;
  }
  const text = turn.text?.trim();
  if (!text || isQuestion(text)) return false;
  const words = padded(text);
  if (THANKS_ALONE.has(words.trim())) return true;
  return rules.phrases.some((phrase) => {
    if (!hasLetters(phrase)) return phrase.trim() !== "" && text.includes(phrase.trim());
    const p = normalise(phrase).replace(/'/g, " ");
    return p !== "" && words.includes(` ${p} `);
  });
}

/** A reaction to the bot's answer that says it helped. */
export function isConfirmingReaction(emojiOrName: string): boolean {
  return CONFIRMING_REACTIONS.has(emojiOrName.trim().toLowerCase());
}

/** A bot resolution's stored columns, in milliseconds. */
export interface ResolutionTimes {
  resolvedAt: number;
  confirmedAt: number | null;
  reopenedAt: number | null;
}

/** A customer turn after a bot resolution: a message, a tap, or a reaction. */
export type CustomerTurn =
  | { kind: "message"; at: number; text: string | null; payload: string | null }
  | { kind: "reaction"; at: number; reaction: string };

/** What a customer turn changes on the conversation's latest resolution: nothing, a confirmation or a reopening. */
export type ResolutionChange = { confirmedAt: number } | { reopenedAt: number } | null;

export function afterCustomerTurn(
  r: ResolutionTimes,
  turn: CustomerTurn,
  rules: ConfirmationRules = DEFAULT_CONFIRMATION_RULES,
): ResolutionChange {
  if (r.reopenedAt !== null || turn.at < r.resolvedAt) return null;
  // Past the window the customer starts something new: the resolution held.
  if (turn.at - r.resolvedAt > REOPEN_WINDOW_MS) return null;
  if (turn.kind === "reaction") {
    return r.confirmedAt === null && isConfirmingReaction(turn.reaction) ? { confirmedAt: turn.at } : null;
  }
  if (isConfirmation(turn, rules)) return r.confirmedAt === null ? { confirmedAt: turn.at } : null;
  return { reopenedAt: turn.at };
}

/**
 * Confirmed when the customer confirmed; assumed once the quiet time passed with no customer message (a reopening
 * after the quiet time leaves it assumed: it was, until the customer came back); awaiting before that.
 */
export function resolutionKindAt(r: ResolutionTimes, now: number, quietMs: number): ResolutionKind {
  if (r.confirmedAt !== null) return "confirmed";
  const silentUntil = r.reopenedAt ?? now;
  return silentUntil - r.resolvedAt >= quietMs ? "assumed" : "awaiting";
}

/**
 * The customer carries on the same exchange with the bot: a turn that neither confirms nor asks for a person, within
 * the quiet time after the bot's last answer of a resolution nobody confirmed yet ("What's your order number?" then
 * "#51872"). It is not a reopening: the resolution stays awaiting, and the bot's next answer carries it on. A customer
 * who comes back after the quiet time (within 7 days) reopens it.
 */
export function continuesExchange(
  r: ResolutionTimes,
  change: ResolutionChange,
  quietMs: number,
): change is { reopenedAt: number } {
  return (
    change !== null &&
    "reopenedAt" in change &&
    r.confirmedAt === null &&
    r.reopenedAt === null &&
    change.reopenedAt - r.resolvedAt < quietMs
  );
}
