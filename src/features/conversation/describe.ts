import type { Referral } from "@contract/signals.ts";
import type { Attachment, MessageItem, SystemItem } from "@contract/timeline.ts";
import { formatTime } from "@/lib/format.ts";

function describeAttachment(a: Attachment): string {
  switch (a.type) {
    case "image":
      return a.stickerId !== null ? "a sticker" : "an image";
    case "video":
      return "a video";
    case "audio":
      return "an audio message";
    case "file":
      return `a file${a.name ? ` “${a.name}”` : ""}`;
    case "fallback":
      return `a link${a.title ? ` “${a.title}”` : ""}`;
    case "location":
      return `a location${a.title ? ` “${a.title}”` : ""}`;
    case "story_mention":
      return "a mention of the Page in their story";
    case "template": {
      if (a.elements.length > 1)
        return `a carousel of ${a.elements.length} cards: ${a.elements.map((e) => e.title).join(", ")}`;
      if (a.elements.length === 1) return `a card “${a.elements[0]?.title ?? ""}”`;
      return `buttons${a.text ? ` with “${a.text}”` : ""}: ${a.buttons.map((b) => b.title).join(", ")}`;
    }
  }
}

/** Who said it, for screen readers: "Bot", "Agent Ana Silva", "Customer Maya Nguyen"… */
function speaker(m: MessageItem, customerName: string): string {
  switch (m.author) {
    case "customer":
      return `Customer ${customerName}`;
    case "bot":
      return "Bot";
    case "agent":
      return m.agent ? `Agent ${m.agent.name}` : "Agent";
    case "page_inbox":
      return "Page Inbox";
    case "page":
      return "Page, from a phone or another app";
    case "system":
      return "System";
  }
}

/** "Bot, 10:42: Hi! How can I help?" — what a screen reader hears for a message. */
export function messageLabel(m: MessageItem, customerName: string): string {
  const said = `${speaker(m, customerName)}, ${formatTime(m.at)}`;
  // What an unsent message said stays hidden until the agent reveals it, for screen readers too.
  if (m.deleted) return `${said}: unsent this message${m.storyReply ? " (a reply to your story)" : ""}`;
  const parts: string[] = [];
  if (m.storyReply) parts.push("replied to your story");
  if (m.postback) parts.push(`tapped the button “${m.postback.title}”`);
  if (m.quickReplyPayload && !m.postback) parts.push("tapped a quick reply");
  if (m.text) parts.push(m.text);
  for (const a of m.attachments) parts.push(`sent ${describeAttachment(a)}`);
  if (m.quickReplies.length)
    parts.push(`offered quick replies: ${m.quickReplies.map((q) => q.title).join(", ")}`);
  if (m.reactions.length) parts.push(`reactions: ${m.reactions.map((r) => r.emoji).join(" ")}`);
  if (m.edited) parts.push(`edited${m.edited.count > 1 ? ` ${m.edited.count} times` : ""}`);
  if (m.delivery === "failed") parts.push(`not delivered${m.error ? `: ${m.error}` : ""}`);
  return `${said}: ${parts.join("; ") || "empty message"}`;
}

export function systemLabel(s: SystemItem): string {
  return `System, ${formatTime(s.at)}: ${s.text}`;
}

/** Where a referral came from, after "Came from": "the “Spring Sale” ad", "an m.me link", "a QR code"… */
export function referralSource(r: Referral): string {
  switch (r.source.toUpperCase()) {
    case "ADS":
      return r.adTitle ? `the “${r.adTitle}” ad` : r.adId ? `an ad (id ${r.adId})` : "an ad";
    case "SHORTLINK":
      return "an m.me link";
    case "MESSENGER_CODE":
    case "QR_CODE":
      return "a QR code";
    case "CUSTOMER_CHAT_PLUGIN":
      return "the chat plugin on the shop's website";
    case "DISCOVER_TAB":
      return "Messenger's Discover tab";
    default:
      return r.source.toLowerCase().replaceAll("_", " ");
  }
}
