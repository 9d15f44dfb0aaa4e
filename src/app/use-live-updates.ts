import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { applyLiveEvent, resynchronise } from "@/shared/live-router.ts";
import { connectLiveStream, type LiveStatus } from "@/lib/live-stream.ts";
import { usePreferencesStore } from "@/lib/preferences-store.ts";
import { useSignedInAgentId } from "@/shared/session-query.ts";
import { navigate } from "@/shared/url-state.ts";

/** Connects the live stream for the signed-in agent; escalations may raise a browser notification. */
export function useLiveUpdates(): LiveStatus {
  const qc = useQueryClient();
  const agentId = useSignedInAgentId();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    if (!agentId) return;
    return connectLiveStream({
      onStatus: setStatus,
      onResync: () => resynchronise(qc),
      onEvent: (event) =>
        applyLiveEvent(qc, event, agentId, {
          onEscalation: (c) => {
            const notify = usePreferencesStore.getState().notifyOnEscalation;
            if (!notify || typeof Notification === "undefined" || Notification.permission !== "granted")
              return;
            const n = new Notification(`${c.customer.name} needs a human`, {
              body: c.escalationReason ?? c.lastMessage?.preview ?? "",
              tag: `escalation-${c.id}`,
            });
            n.onclick = () => {
              window.focus();
              navigate({ view: "open", conversationId: c.id, q: "" });
            };
          },
        }),
    });
  }, [qc, agentId]);
  return status;
}
