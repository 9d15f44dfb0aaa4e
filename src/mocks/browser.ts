import { setupWorker } from "msw/browser";
import { createHandlers } from "@/mocks/handlers.ts";
import { MockDb } from "@/mocks/mock-db.ts";

/**
 * Starts the mock backend in the browser (npm run dev:mock). `?mock-conversations=50000` sets the size,
 * `?mock-quiet` turns off the simulated customers (benchmarks).
 */
export async function startMockBackend(): Promise<MockDb> {
  const params = new URLSearchParams(window.location.search);
  const size = Number(params.get("mock-conversations") ?? "400");
  const db = new MockDb({ conversations: Number.isFinite(size) && size > 0 ? size : 400 });
  if (!params.has("mock-quiet")) db.simulate();
  const worker = setupWorker(...createHandlers(db));
  await worker.start({ onUnhandledRequest: "bypass", quiet: true });
  return db;
}
