import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.ts";
import { migrate } from "./migrations.ts";

describe("migrations", () => {
  it("a conversation stored before the state knew its last activity takes it from its activity column", async () => {
    const db = await openDatabase("memory:");
    try {
      await migrate(db);
      await db.query(
        `insert into conversations (id, page_id, psid, status, owner, last_activity_at, state, created_at)
         values ('P-U1', 'P', 'U1', 'open', 'baton', 5000, '{"status":"open","lastEventAt":7000}', 1000)`,
      );
      await db.query("delete from schema_migrations where version = 3");
      expect(await migrate(db)).toBe(1);
      const [row] = await db.query<{ state: { lastActivityAt: number; lastEventAt: number } }>(
        "select state from conversations where id = 'P-U1'",
      );
      expect(row?.state).toMatchObject({ lastActivityAt: 5000, lastEventAt: 7000 });
    } finally {
      await db.close();
    }
  });
});
