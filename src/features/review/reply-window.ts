import { messagingWindowAt, windowTimeLeft, type WindowPolicy } from "@contract/messaging-window.ts";
import { formatDuration } from "@/lib/format.ts";

export type ReplyChance = "open" | "human_agent" | "too_late";

export interface ReplyWindow {
  chance: ReplyChance;
  /** One sentence for the reviewer deciding whether to reopen. */
  text: string;
}

/**
 * Whether the customer can still be answered if the reviewer reopens the conversation now: within Messenger's 24 h
 * window, only by a human within the 7-day HUMAN_AGENT window (when the Page has the tag), or too late. The contract's
 * rule (messagingWindowAt) decides; the Page's policy is unknown until the settings load, and then the tag is not
 * counted on.
 */
export function replyWindowAt(
  lastCustomerMessageAt: string | null,
  now: Date,
  policy: WindowPolicy | null,
): ReplyWindow {
  const last = lastCustomerMessageAt ? new Date(lastCustomerMessageAt) : null;
  const window = messagingWindowAt(last, now, policy ?? { humanAgentTagEnabled: false });
  const left = windowTimeLeft(window, now);
  const leftText = left === null ? "" : formatDuration(Math.ceil(left / 60_000) * 60_000);
  switch (window.kind) {
    case "open":
      return {
        chance: "open",
        text: `The customer can still be answered: ${leftText} left in the 24-hour window.`,
      };
    case "human_agent":
      return {
        chance: "human_agent",
        text: `Only a person can answer now, with the HUMAN_AGENT tag: ${leftText} left in the 7-day window.`,
      };
    case "closed":
      return {
        chance: "too_late",
        text: `Too late to answer. ${window.reason ?? ""} Reopening still puts it in Open for when they write again.`.trim(),
      };
  }
}
