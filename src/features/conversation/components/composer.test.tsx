import { QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { HUMAN_AGENT_WINDOW_MS, messagingWindowAt, STANDARD_WINDOW_MS } from "@contract/messaging-window.ts";
import { buildSummary } from "@/mocks/fixtures.ts";
import { cannedReplyKeys, settingsKeys } from "@/shared/query-keys.ts";
import { testQueryClient } from "@/test/render.tsx";
import { Composer } from "@/features/conversation/components/composer.tsx";

const T0 = Date.parse("2025-03-01T12:00:00.000Z");

/** The composer for a thread whose customer last wrote `ago` ms before T0, fetched once at T0 and never again. */
function renderComposer(ago: number, humanAgentTagEnabled = true, owner: "baton" | "bot" = "baton") {
  const last = new Date(T0 - ago);
  const conversation = buildSummary({
    id: "c-window",
    owner,
    customer: { psid: "p", name: "Noa Test", avatarUrl: null },
    lastCustomerMessageAt: last.toISOString(),
    window: messagingWindowAt(last, new Date(T0), { humanAgentTagEnabled }),
  });
  const client = testQueryClient();
  client.setQueryData(settingsKeys.all, { humanAgentTagEnabled, pageName: "Demo Shop", simulator: false });
  client.setQueryData(cannedReplyKeys.all, []);
  render(
    <QueryClientProvider client={client}>
      <Composer conversation={conversation} lastCustomerText="Where is my parcel?" />
    </QueryClientProvider>,
  );
  return { box: screen.getByRole("textbox", { name: "Reply to Noa Test" }) };
}

const notice = () => document.getElementById("window-notice");
const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the composer keeps time with the messaging window", () => {
  it("an open thread's composer closes when its 24-hour window passes without a refetch", () => {
    const { box } = renderComposer(STANDARD_WINDOW_MS - 5_000, false);
    expect(box).toBeEnabled();
    expect(notice()).toHaveTextContent("Messaging window open · 5s left — reply soon.");
    advance(4_000);
    expect(notice()).toHaveTextContent("Messaging window open · 1s left — reply soon.");
    expect(box).toBeEnabled();
    advance(1_000);
    expect(box).toBeDisabled();
    expect(notice()).toHaveAttribute("data-window", "closed");
    expect(notice()).toHaveTextContent(
      "You can't reply: More than 24 hours have passed since the customer's last message, and the HUMAN_AGENT tag is not enabled for this Page.",
    );
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    expect(box).toHaveAttribute("placeholder", "Replying is not possible right now");
  });

  it("an open thread turns to the HUMAN_AGENT tag at 24 hours when the Page may use it", () => {
    const { box } = renderComposer(STANDARD_WINDOW_MS - 60_000);
    expect(notice()).toHaveTextContent("Messaging window open · 1m left — reply soon.");
    advance(60_000);
    expect(box).toBeEnabled();
    expect(notice()).toHaveAttribute("data-window", "human_agent");
    expect(notice()).toHaveTextContent(
      "The 24-hour window has passed: your reply will be sent with the HUMAN_AGENT tag · 6d left.",
    );
  });

  it("the HUMAN_AGENT window closes at 7 days", () => {
    const { box } = renderComposer(HUMAN_AGENT_WINDOW_MS - 90_000);
    expect(notice()).toHaveTextContent("HUMAN_AGENT tag · 1m 30s left".replace(" 30s", ""));
    advance(89_999);
    expect(box).toBeEnabled();
    expect(notice()).toHaveTextContent("HUMAN_AGENT tag · 1s left");
    advance(1);
    expect(box).toBeDisabled();
    expect(notice()).toHaveTextContent("You can't reply: More than 7 days have passed");
  });

  it("warns that the window is closing from exactly two hours before it closes", () => {
    renderComposer(STANDARD_WINDOW_MS - 2 * 3_600_000 - 30_000);
    expect(notice()).toHaveTextContent("Messaging window open · 2h left.");
    expect(notice()).not.toHaveTextContent("reply soon");
    expect(screen.queryByText("Where is my parcel?", { exact: false })).toBeNull();
    advance(30_000);
    expect(notice()).toHaveTextContent("Messaging window open · 2h left.");
    advance(1);
    expect(notice()).toHaveTextContent("Messaging window open · 2h left — reply soon.");
    expect(screen.getByText(/Where is my parcel\?/)).toBeInTheDocument();
  });

  it("the bot's thread goes idle at 24 hours: the note says so on time", () => {
    renderComposer(STANDARD_WINDOW_MS - 1_000, true, "bot");
    expect(screen.getByText(/owns this thread; sending takes control for Baton/)).toHaveTextContent(/^Bot/);
    advance(1_000);
    expect(screen.getByText(/owns this thread; sending takes control for Baton/)).not.toHaveTextContent(
      /^Bot/,
    );
  });

  it("counts down by the minute when hours are left", () => {
    renderComposer(10 * 3_600_000);
    expect(notice()).toHaveTextContent("Messaging window open · 14h left.");
    advance(999);
    expect(notice()).toHaveTextContent("Messaging window open · 14h left.");
    advance(1);
    expect(notice()).toHaveTextContent("Messaging window open · 13h 59m left.");
    advance(59_999);
    expect(notice()).toHaveTextContent("Messaging window open · 13h 59m left.");
    advance(1);
    expect(notice()).toHaveTextContent("Messaging window open · 13h 58m left.");
  });
});
