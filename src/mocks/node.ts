import { setupServer } from "msw/node";
import { createHandlers } from "@/mocks/handlers.ts";
import { MockDb, type MockDbOptions } from "@/mocks/mock-db.ts";

/** The mock backend for unit tests (msw/node). Each test gets a fresh db via resetMockDb. */
export let mockDb = new MockDb({ conversations: 60, deliveryDelayMs: null });
export const server = setupServer(...createHandlers(mockDb));

export function resetMockDb(options: MockDbOptions = {}): MockDb {
  mockDb = new MockDb({ conversations: 60, deliveryDelayMs: null, ...options });
  server.resetHandlers(...createHandlers(mockDb));
  return mockDb;
}
