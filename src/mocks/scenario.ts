import {
  classifyGraphError,
  GRAPH_ERROR_STATUS,
  type GraphErrorKind,
} from "../../server/messenger/graph-client.ts";
import { MockApiError } from "@/mocks/mock-errors.ts";

export type { GraphErrorKind };

/**
 * What goes wrong in the mock backend's outside world, chosen by a story or a test (never by what a message says).
 * Everything else behaves like the server: the mock runs the server's state machine on every action.
 */
export interface MockScenario {
  /** Meta's Send API refuses the agent's reply: stored as failed with Meta's reason, answered with the server's error. */
  sendFails?: GraphErrorKind;
  /** Meta refuses Baton's thread-control calls: take control, hand back, and the take before a reply. */
  threadControlFails?: GraphErrorKind;
}

/** A Meta error code and subcode that server/messenger/graph-client.ts classifies as each kind. */
const META_CODES: Record<Exclude<GraphErrorKind, "graph_unavailable">, [number, number | undefined]> = {
  window_closed: [10, 2018278],
  thread_owned_by_other_app: [10, 2018300],
  customer_unavailable: [551, undefined],
  rate_limited: [613, undefined],
  token_invalid: [190, undefined],
  invalid_request: [100, undefined],
  graph_error: [1, undefined],
};

/** Meta failing the way the server's Graph client reports it: its reason, the server's status and code. */
export function graphFailure(kind: GraphErrorKind, extra: Record<string, unknown> = {}): MockApiError {
  const message =
    kind === "graph_unavailable"
      ? "Messenger could not be reached. Try again in a moment."
      : classifyGraphError(...META_CODES[kind]).message;
  return new MockApiError(GRAPH_ERROR_STATUS[kind], kind, message, extra);
}
