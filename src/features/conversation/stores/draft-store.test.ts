import { describe, expect, it } from "vitest";
import { useDraftStore } from "@/features/conversation/stores/draft-store.ts";
import { forgetPersonalState } from "@/lib/sign-out-cleanup.ts";

describe("signing out", () => {
  it("forgets the reply drafts, so the next person at this browser does not see them", () => {
    useDraftStore.getState().setDraft("c-1", "Your refund of €42 is on its way");
    forgetPersonalState();
    expect(useDraftStore.getState().drafts).toEqual({});
  });
});
