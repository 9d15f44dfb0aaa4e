import { describe, expect, it } from "vitest";
import { REOPEN_WINDOW_MS } from "../../contract/review.ts";
import {
  afterCustomerTurn,
  isConfirmation,
  isQuestion,
  resolutionKindAt,
  type CustomerTurn,
  type ResolutionChange,
  type ResolutionTimes,
} from "./resolution.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

describe("a question", () => {
  const rows: [string, boolean][] = [
    ["Do you ship to Canada?", true],
    ["do you ship to canada", true],
    ["hi where is my order", true],
    ["¿Dónde está mi pedido", true],
    ["Où est ma commande", true],
    ["wie lange dauert der Versand", true],
    ["quanto costa", false],
    ["My order is late", false],
    ["thanks", false],
    ["what", false],
    ["", false],
    ["Is it waterproof", true],
  ];
  it.each(rows)("%j is a question: %s", (text, expected) => {
    expect(isQuestion(text)).toBe(expected);
  });
});

describe("a confirmation", () => {
  const rows: [string, { text?: string | null; payload?: string | null }, boolean][] = [
    ["the phrase 'thanks, that helped'", { text: "Thanks, that helped!" }, true],
    ["'perfect' anywhere in the message", { text: "ok perfect, see you" }, true],
    ["'solved'", { text: "Solved, thank you" }, true],
    ["a thumbs-up", { text: "👍" }, true],
    ["a plain thanks on its own", { text: "Thanks!" }, true],
    ["a plain gracias on its own", { text: "muchas gracias" }, true],
    ["a thanks followed by a new question", { text: "thanks, and do you ship to Canada?" }, false],
    ["a thanks with a new request", { text: "thanks. I also need to change my address" }, false],
    ["'perfect' in a question", { text: "perfect, can I pay by card?" }, false],
    ["the thanks chip's payload", { text: "👍 Thanks", payload: "THANKS" }, true],
    ["a payload containing RESOLVED", { text: "Yes", payload: "FAQ_RESOLVED_YES" }, true],
    ["a payload containing HELPED", { text: null, payload: "HELPED" }, true],
    ["another payload", { text: "Track", payload: "TRACK_ORDER" }, false],
    ["a French confirmation", { text: "Parfait, ça m'a aidé" }, true],
    ["a German confirmation", { text: "Danke, gelöst" }, true],
    ["an unrelated statement", { text: "my parcel is damaged" }, false],
    ["nothing", { text: null }, false],
  ];
  it.each(rows)("%s: %s", (_name, turn, expected) => {
    expect(isConfirmation(turn)).toBe(expected);
  });

  it("uses configured phrases and payloads instead of the defaults", () => {
    const rules = { phrases: ["c'est bon"], payloads: ["OK_DONE"] };
    expect(isConfirmation({ text: "C'est bon !" }, rules)).toBe(true);
    expect(isConfirmation({ text: "perfect" }, rules)).toBe(false);
    expect(isConfirmation({ text: "yes", payload: "FLOW_OK_DONE" }, rules)).toBe(true);
    expect(isConfirmation({ text: "yes", payload: "THANKS" }, rules)).toBe(false);
  });
});

describe("a customer turn after a bot resolution", () => {
  const resolved: ResolutionTimes = { resolvedAt: 1_000_000, confirmedAt: null, reopenedAt: null };
  const msg = (dt: number, text: string, payload: string | null = null): CustomerTurn => ({
    kind: "message",
    at: resolved.resolvedAt + dt,
    text,
    payload,
  });
  const rows: [string, ResolutionTimes, CustomerTurn, ResolutionChange][] = [
    ["a thanks confirms it", resolved, msg(MIN, "thanks!"), { confirmedAt: resolved.resolvedAt + MIN }],
    [
      "the thanks chip confirms it",
      resolved,
      msg(MIN, "👍", "THANKS"),
      { confirmedAt: resolved.resolvedAt + MIN },
    ],
    [
      "a thumbs-up reaction confirms it",
      resolved,
      { kind: "reaction", at: resolved.resolvedAt + MIN, reaction: "👍" },
      { confirmedAt: resolved.resolvedAt + MIN },
    ],
    [
      "an angry reaction changes nothing",
      resolved,
      { kind: "reaction", at: resolved.resolvedAt + MIN, reaction: "😡" },
      null,
    ],
    [
      "a new question within 7 days reopens it",
      resolved,
      msg(2 * DAY, "where is it?"),
      { reopenedAt: resolved.resolvedAt + 2 * DAY },
    ],
    [
      "a new question after a confirmation reopens it",
      { ...resolved, confirmedAt: resolved.resolvedAt + MIN },
      msg(5 * MIN, "and do you ship to Canada?"),
      { reopenedAt: resolved.resolvedAt + 5 * MIN },
    ],
    [
      "a second thanks after a confirmation changes nothing",
      { ...resolved, confirmedAt: resolved.resolvedAt + MIN },
      msg(2 * MIN, "thanks again"),
      null,
    ],
    [
      "a message on the 7th day's last millisecond reopens it",
      resolved,
      msg(REOPEN_WINDOW_MS, "hi"),
      { reopenedAt: resolved.resolvedAt + REOPEN_WINDOW_MS },
    ],
    ["a message after 7 days leaves it standing", resolved, msg(REOPEN_WINDOW_MS + 1, "hi"), null],
    [
      "a resolution already reopened stays as it was",
      { ...resolved, reopenedAt: resolved.resolvedAt + MIN },
      msg(2 * MIN, "hello?"),
      null,
    ],
    [
      "a turn older than the resolution changes nothing",
      resolved,
      msg(-MIN, "late delivery of an old message"),
      null,
    ],
  ];
  it.each(rows)("%s", (_name, r, turn, expected) => {
    expect(afterCustomerTurn(r, turn)).toEqual(expected);
  });
});

describe("the kind of a resolution at a time", () => {
  const quiet = 60 * MIN;
  const at = 1_000_000;
  const rows: [string, ResolutionTimes, number, ReturnType<typeof resolutionKindAt>][] = [
    [
      "confirmed by the customer",
      { resolvedAt: at, confirmedAt: at + MIN, reopenedAt: null },
      at + 2 * MIN,
      "confirmed",
    ],
    [
      "awaiting before the quiet time passed",
      { resolvedAt: at, confirmedAt: null, reopenedAt: null },
      at + quiet - 1,
      "awaiting",
    ],
    [
      "assumed once the quiet time passed",
      { resolvedAt: at, confirmedAt: null, reopenedAt: null },
      at + quiet,
      "assumed",
    ],
    [
      "awaiting when the customer came back within the quiet time",
      { resolvedAt: at, confirmedAt: null, reopenedAt: at + MIN },
      at + DAY,
      "awaiting",
    ],
    [
      "assumed when the customer came back after the quiet time",
      { resolvedAt: at, confirmedAt: null, reopenedAt: at + 2 * quiet },
      at + DAY,
      "assumed",
    ],
  ];
  it.each(rows)("%s", (_name, r, now, expected) => {
    expect(resolutionKindAt(r, now, quiet)).toBe(expected);
  });
});
