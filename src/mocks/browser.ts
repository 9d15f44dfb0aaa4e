import { setupWorker } from "msw/browser";
import { createHandlers } from "@/mocks/handlers.ts";
import { MockDb } from "@/mocks/mock-db.ts";

/**
 * Starts the mock backend in the browser (npm run dev:mock). `?mock-conversations=50000` sets the size,
 * `?mock-quiet` turns off the simulated customers (benchmarks). The demo team signs in with one click;
 * the page starts signed in as Ana Silva, or signed out with `?mock-signed-out`, or before the first admin
 * exists with `?mock-setup` (then open /setup#token=mock-setup-token-0123456789).
 */
export async function startMockBackend(): Promise<MockDb> {
  const params = new URLSearchParams(window.location.search);
  const size = Number(params.get("mock-conversations") ?? "400");
  const signedOut = params.has("mock-signed-out") || params.has("mock-setup");
  const db = new MockDb({
    conversations: Number.isFinite(size) && size > 0 ? size : 400,
    auth: { demo: true, signedInAs: signedOut ? null : "agent-ana" },
  });
  if (params.has("mock-setup")) db.auth.requireSetup();
  if (!params.has("mock-quiet")) db.simulate();
  const worker = setupWorker(...createHandlers(db));
  await worker.start({ onUnhandledRequest: "bypass", quiet: true });
  return db;
}
