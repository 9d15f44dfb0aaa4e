import { beforeEach, describe, expect, it } from "vitest";
import { conversationPage } from "../../contract/api.ts";
import { openDatabase } from "../db/database.ts";
import {
  describeOnEachDatabase,
  meta,
  PAGE_ID,
  startHarness,
  testDatabases,
  type Harness,
} from "../testing/harness.ts";
import { listConversations } from "./queries.ts";

const HOUR = 3_600_000;

describeOnEachDatabase("search", (harness) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  const now = () => h.clock.now().getTime();

  /** One customer message per [psid, text], a second apart, the last one newest. */
  const messages = async (items: [psid: string, text: string][]) => {
    const t0 = now() - HOUR;
    for (const [i, [psid, text]] of items.entries()) {
      const res = await h.webhook(meta.batch([meta.text(psid, `mid-${i}-${psid}`, text, t0 + i * 1000)]));
      expect(res.status).toBe(200);
    }
  };
  const named = async (names: Record<string, string>) => {
    for (const [psid, name] of Object.entries(names)) {
      const [first = "", ...last] = name.split(" ");
      h.graph.profiles.set(psid, { first_name: first, last_name: last.join(" ") });
    }
    await messages(Object.keys(names).map((psid) => [psid, "Hello"]));
    await h.baton.service.idle();
  };
  const search = async (q: string, view = "all") => {
    const res = await h.api("GET", `/conversations?view=${view}&q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    return conversationPage.parse(await res.json()).items.map((c) => c.customer.psid);
  };

  it("a search finds a word in the middle of a long message", async () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");
    await messages([
      ["U1", `${filler(600)} my tracking number never arrived ${filler(600)}`],
      ["U2", filler(1200)],
    ]);
    expect(await search("tracking")).toEqual(["U1"]);
    expect(await search("number never")).toEqual(["U1"]);
  });

  it("a search finds a customer by any part of their name", async () => {
    await named({ U1: "Johanna Schmidt", U2: "Peter Ng" });
    expect(await search("schmidt")).toEqual(["U1"]);
    expect(await search("hanna")).toEqual(["U1"]);
    expect(await search("peter ng")).toEqual(["U2"]);
  });

  it("case and accents do not matter, in the query or in the text", async () => {
    await messages([
      ["U1", "Une crème brûlée, s'il vous plaît"],
      ["U2", "CREME BRULEE please"],
      ["U3", "creamy"],
    ]);
    expect(await search("creme brulee")).toEqual(["U2", "U1"]);
    expect(await search("CRÈME BRÛLÉE")).toEqual(["U2", "U1"]);
    expect(await search("Plait")).toEqual(["U1"]);
  });

  it("one or two letters find the start of a word in a name, not the middle of a word nor message text", async () => {
    await named({ U1: "John Smith", U2: "Mary Jones", U3: "Bojo Lee", U4: "Zoë Émond" });
    await messages([["U5", "jo jo jo"]]);
    expect(await search("jo")).toEqual(["U2", "U1"]);
    expect(await search("J")).toEqual(["U2", "U1"]);
    expect(await search("em")).toEqual(["U4"]);
    expect(await search("zo")).toEqual(["U4"]);
  });

  it("wildcards and backslashes in a query are plain characters", async () => {
    await messages([
      ["U1", "Use code 50%_OFF at checkout"],
      ["U2", "Use code 50 and 1OFF"],
      ["U3", "a path C:\\temp\\x"],
    ]);
    expect(await search("50%_off")).toEqual(["U1"]);
    expect(await search("C:\\temp")).toEqual(["U3"]);
  });

  it("a query without a letter or digit finds nothing, and a word nobody wrote finds nothing", async () => {
    await messages([["U1", "?? !!"]]);
    expect(await search("??")).toEqual([]);
    expect(await search("zebra")).toEqual([]);
  });

  it("a search keeps to the view", async () => {
    await messages([
      ["U1", "refund please"],
      ["U2", "refund, talk to a human"],
    ]);
    await h.webhook(meta.batch([meta.text("U2", "mid-human", "Talk to a human", now(), "HUMAN")]));
    expect(await search("refund", "all")).toEqual(["U2", "U1"]);
    expect(await search("refund", "unassigned")).toEqual(["U2"]);
  });

  /**
   * 600 conversations; every fifth holds "refund" in 20 messages (2,400 in all), the others only "Thanks for order",
   * so a page of 50 takes more than one chunk of the view to find.
   */
  const refundsInEveryFifth = async () => {
    await h.baton.db.query(
      `insert into conversations (id, page_id, psid, status, owner, last_activity_at, state, created_at)
       select '${PAGE_ID}-B' || i, '${PAGE_ID}', 'B' || i, 'open', 'bot', 1000000 + i, '{}', 0
       from generate_series(1, 600) i`,
    );
    await h.baton.db.query(
      `insert into timeline_items (id, conversation_id, at, kind, author, text, item)
       select 'bm' || i || '-' || k, '${PAGE_ID}-B' || i, k, 'message', 'customer',
         case when i % 5 = 0 then 'I want a REFUND for order ' || k else 'Thanks for order ' || k end, '{}'
       from generate_series(1, 600) i, generate_series(1, 20) k where i % 5 = 0 or k <= 2`,
    );
  };

  it("a word in more messages than the indexes are asked for still lists every conversation with it, newest first, page by page", async () => {
    await refundsInEveryFifth();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/conversations?view=all&q=refund&limit=50${cursor ? `&cursor=${cursor}` : ""}`;
      const page = conversationPage.parse(await (await h.api("GET", path)).json());
      seen.push(...page.items.map((c) => c.customer.psid));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 120 }, (_, i) => `B${600 - 5 * i}`));
  });

  it("a name shared by more conversations than the indexes are asked for lists them all with the one whose message has it", async () => {
    // 1,200 conversations: the even ones are a Kowalczyk, and one odd one only mentions the name in a message.
    await h.baton.db.query(
      `insert into conversations (id, page_id, psid, customer_name, status, owner, last_activity_at, state, created_at)
       select '${PAGE_ID}-K' || i, '${PAGE_ID}', 'K' || i, case when i % 2 = 0 then 'Jan Kowalczyk' else 'Ola Nowak' end,
         'open', 'bot', 1000000 + i, '{}', 0
       from generate_series(1, 1200) i`,
    );
    await h.baton.db.query(
      `insert into timeline_items (id, conversation_id, at, kind, author, text, item)
       values ('km1', '${PAGE_ID}-K1', 1, 'message', 'customer', 'Mrs Kowalczyk sent me', '{}')`,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/conversations?view=all&q=kowalczyk&limit=50${cursor ? `&cursor=${cursor}` : ""}`;
      const page = conversationPage.parse(await (await h.api("GET", path)).json());
      seen.push(...page.items.map((c) => c.customer.psid));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...Array.from({ length: 600 }, (_, i) => `K${1200 - 2 * i}`), "K1"]);
  });

  it("a search whose time is up before it has its page is stopped with a readable 422 search_timeout", async () => {
    await refundsInEveryFifth();
    const list = (searchTimeoutMs: number) =>
      listConversations(h.baton.db, {
        view: "all",
        q: "refund",
        limit: 6,
        agentId: "sam",
        now: h.clock.now(),
        policy: h.baton.service.policy,
        searchTimeoutMs,
      });
    await expect(list(0)).rejects.toMatchObject({
      status: 422,
      code: "search_timeout",
      message: "This search took too long and was stopped. Try a longer or more specific word.",
    });
  });
});

describe.each(testDatabases.filter((d) => d.name === "PostgreSQL"))(
  "a search's time limit on $name",
  ({ url }) => {
    it("a search that runs past its time is stopped and answers a readable 422 search_timeout", async () => {
      const h = await startHarness(await url());
      const other = await openDatabase(h.config.DATABASE_URL);
      try {
        await h.webhook(meta.batch([meta.text("U1", "m1", "where is my parcel", h.clock.now().getTime())]));
        // Another transaction holds the conversations: the search waits for it until its time is up.
        await other.transaction(async (tx) => {
          await tx.query("lock table conversations in access exclusive mode");
          await expect(
            listConversations(h.baton.db, {
              view: "all",
              q: "parcel",
              limit: 10,
              agentId: "sam",
              now: h.clock.now(),
              policy: h.baton.service.policy,
              searchTimeoutMs: 50,
            }),
          ).rejects.toMatchObject({
            status: 422,
            code: "search_timeout",
            message: "This search took too long and was stopped. Try a longer or more specific word.",
          });
        });
        // The connection it ran on is usable and has no time limit left on it.
        expect(await h.baton.db.query("select current_setting('statement_timeout') as t")).toEqual([
          { t: "0" },
        ]);
      } finally {
        await other.close();
        await h.close();
      }
    });
  },
);
