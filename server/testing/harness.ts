import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import { upsertAccounts } from "../auth/accounts.ts";
import { hashPassword } from "../auth/passwords.ts";
import { createBaton, type Baton } from "../baton.ts";
import { ManualClock } from "../clock.ts";
import { loadConfig, type Config } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { silentLogger } from "../logger.ts";
import { signBody } from "../messenger/signature.ts";
import { startFakeGraph, type FakeGraph } from "./fake-graph.ts";

export const PAGE_ID = "PAGE1";
const AUTH_START = Date.UTC(2026, 10, 1, 9, 0, 0);
export const BOT_APP = "1001";
export const BATON_APP = "2002";
export const SECRET = "test-secret";

/** The databases the integration suite runs on: always embedded PGlite, and a real PostgreSQL when TEST_DATABASE_URL is set. */
export const testDatabases: { name: string; url: () => Promise<string> }[] = [
  { name: "PGlite", url: async () => "memory:" },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: "PostgreSQL", url: () => freshPostgresSchema(process.env.TEST_DATABASE_URL ?? "") }]
    : []),
];

/** A schema of its own per test, so tests never see each other's rows. */
async function freshPostgresSchema(base: string): Promise<string> {
  const schema = `baton_test_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const db = await openDatabase(base);
  await db.exec(`create schema ${schema}`);
  await db.close();
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return url.toString();
}

export interface Harness {
  baton: Baton;
  graph: FakeGraph;
  clock: ManualClock;
  /** The clock of sessions, throttling and the audit log. */
  authClock: ManualClock;
  config: Config;
  /** POSTs a correctly signed webhook body. */
  webhook(body: unknown): Promise<Response>;
  api(method: string, path: string, body?: unknown, agent?: string | null): Promise<Response>;
  /** Forgets the harness's sign-ins, so the next `api` call of each account signs in afresh (after a sign-out). */
  forgetSessions(): void;
  /** Empties every table but the agents, so one Baton serves many tests (starting PGlite takes seconds). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(databaseUrl: string, env: Record<string, string> = {}): Promise<Harness> {
  const graph = await startFakeGraph();
  const clock = new ManualClock(Date.UTC(2026, 10, 1, 9, 0, 0));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    META_APP_SECRET: SECRET,
    META_VERIFY_TOKEN: "verify-me",
    BOT_APP_ID: BOT_APP,
    BATON_APP_ID: BATON_APP,
    GRAPH_API_URL: graph.url,
    PUBLIC_URL: "http://localhost",
    LOG_LEVEL: "silent",
    STATIC_DIR: "does-not-exist",
    ...env,
  });
  // Sessions and throttling run on a clock of their own, so tests that move Messenger time by days keep their sign-ins.
  const authClock = new ManualClock(AUTH_START);
  const baton = await createBaton({ config, clock, authClock, logger: silentLogger, sweepIntervalMs: 0 });
  const accounts = await Promise.all(
    TEST_ACCOUNTS.map(async (a) => ({ ...a, passwordHash: await hashPassword(a.password) })),
  );
  await upsertAccounts(baton.db, accounts, AUTH_START);
  const tokens = new Map<string, string>();
  /** A signed-in session per test account, made once (sign-in itself is tested through its route). */
  const cookieFor = async (agentId: string): Promise<string> => {
    let token = tokens.get(agentId);
    if (!token) {
      token = (
        await baton.auth.sessions.create({
          agentId,
          via: "cookie",
          now: authClock.now().getTime(),
          ip: null,
          userAgent: "harness",
        })
      ).token;
      tokens.set(agentId, token);
    }
    return `${baton.auth.cookie.name}=${token}`;
  };
  return {
    baton,
    graph,
    clock,
    authClock,
    config,
    async webhook(body) {
      const raw = typeof body === "string" ? body : JSON.stringify(body);
      return baton.app.request("/webhooks/messenger", {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": signBody(SECRET, raw) },
        body: raw,
      });
    },
    async api(method, path, body, agent = "sam") {
      return baton.app.request(`http://localhost/api${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          origin: "http://localhost",
          ...(agent ? { cookie: await cookieFor(agent) } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    },
    forgetSessions() {
      tokens.clear();
    },
    async reset() {
      // Every table a migration made, but the accounts (kept below) and the migrations' own record: a table added by
      // a later migration is emptied too, without a list to keep up to date.
      const tables = await baton.db.query<{ name: string }>(
        `select quote_ident(tablename) as name from pg_tables
         where schemaname = current_schema() and tablename not in ('agents', 'sessions', 'schema_migrations')`,
      );
      await baton.db.exec(`truncate ${tables.map((t) => t.name).join(", ")} restart identity cascade`);
      // Every test starts with the four test accounts as they were, and signs in afresh.
      await baton.db.query("delete from agents where id <> all($1::text[])", [accounts.map((a) => a.id)]);
      await baton.db.query("delete from sessions");
      await upsertAccounts(baton.db, accounts, AUTH_START);
      tokens.clear();
      authClock.set(AUTH_START);
      graph.calls.length = 0;
      baton.service.forgetProfiles();
      baton.service.forgetLearnedButtons();
      clock.set(Date.UTC(2026, 10, 1, 9, 0, 0));
    },
    async close() {
      await baton.close();
      await graph.close();
    },
  };
}

/** The accounts every integration test starts with (ids double as the `agent` argument of `api`). */
export const TEST_ACCOUNTS = [
  { id: "sam", name: "Sam Lee", email: "sam@example.com", role: "agent", password: "sam-password-1" },
  { id: "lea", name: "Léa Roux", email: "lea@example.com", role: "agent", password: "lea-password-1" },
  { id: "maya", name: "Maya Chen", email: "maya@example.com", role: "manager", password: "maya-password-1" },
  { id: "ada", name: "Ada Admin", email: "ada@example.com", role: "admin", password: "ada-password-1" },
] as const;

/** Builders for Meta's webhook bodies. */
export const meta = {
  batch(events: unknown[], channel: "messaging" | "standby" = "standby") {
    return { object: "page", entry: [{ id: PAGE_ID, time: Date.now(), [channel]: events }] };
  },
  text(psid: string, mid: string, text: string, at: number, quickReplyPayload?: string) {
    return {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: at,
      message: { mid, text, ...(quickReplyPayload ? { quick_reply: { payload: quickReplyPayload } } : {}) },
    };
  },
  echo(
    psid: string,
    mid: string,
    text: string,
    at: number,
    appId: string | null,
    extra: Record<string, unknown> = {},
  ) {
    return {
      sender: { id: PAGE_ID },
      recipient: { id: psid },
      timestamp: at,
      message: { is_echo: true, mid, text, ...(appId ? { app_id: Number(appId) } : {}), ...extra },
    };
  },
  pass(psid: string, to: string, at: number, metadata = "") {
    return {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: at,
      pass_thread_control: { new_owner_app_id: to, previous_owner_app_id: BOT_APP, metadata },
    };
  },
  /** A button tap; on standby Meta leaves the payload out (pass null). */
  postback(
    psid: string,
    title: string,
    payload: string | null,
    at: number,
    extra: Record<string, unknown> = {},
  ) {
    return {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: at,
      postback: { title, ...(payload !== null ? { payload } : {}), ...extra },
    };
  },
  /** The bot's message with chips, as its echo. */
  quickReplies(
    psid: string,
    mid: string,
    text: string,
    at: number,
    chips: [title: string, payload: string][],
  ) {
    return meta.echo(psid, mid, text, at, BOT_APP, {
      quick_replies: chips.map(([title, payload]) => ({ content_type: "text", title, payload })),
    });
  },
  /** The bot's button template, as its echo. Buttons without a payload are links. */
  buttons(
    psid: string,
    mid: string,
    text: string,
    at: number,
    buttons: [title: string, payload: string | null][],
  ) {
    const attachment = {
      type: "template",
      payload: {
        template_type: "button",
        text,
        buttons: buttons.map(([title, payload]) => meta.button(title, payload)),
      },
    };
    return meta.echo(psid, mid, text, at, BOT_APP, { attachments: [attachment] });
  },
  /** The bot's carousel (generic template), as its echo: each card with its buttons. */
  carousel(
    psid: string,
    mid: string,
    at: number,
    cards: [title: string, buttons: [title: string, payload: string | null][]][],
  ) {
    const elements = cards.map(([title, buttons]) => ({
      title,
      subtitle: "",
      buttons: buttons.map(([t, p]) => meta.button(t, p)),
    }));
    const message = {
      is_echo: true,
      mid,
      app_id: Number(BOT_APP),
      attachments: [{ type: "template", payload: { template_type: "generic", elements } }],
    };
    return { sender: { id: PAGE_ID }, recipient: { id: psid }, timestamp: at, message };
  },
  /** Meta's standalone referral: an ad (source ADS, ads_context_data), an m.me link (SHORTLINK), a QR code. */
  referral(
    psid: string,
    at: number,
    referral: {
      source: string;
      ref?: string;
      type?: string;
      ad_id?: string;
      ads_context_data?: { ad_title: string };
    },
  ) {
    return {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: at,
      referral: { type: "OPEN_THREAD", ...referral },
    };
  },
  /** An opt-in; with psid null it is the checkbox plugin's, which names the customer by user_ref only. */
  optin(psid: string | null, at: number, optin: Record<string, unknown>) {
    return { ...(psid ? { sender: { id: psid } } : {}), recipient: { id: PAGE_ID }, timestamp: at, optin };
  },
  /** Meta's policy-enforcement event for the Page. */
  policy(at: number, action: string, reason: string) {
    return { recipient: { id: PAGE_ID }, timestamp: at, "policy-enforcement": { action, reason } };
  },
  /** A filled-in feedback form: question id -> {type csat/nps/ces, payload score, follow_up}. */
  feedback(
    psid: string,
    at: number,
    questions: Record<
      string,
      { type: string; payload: string; follow_up?: { type: string; payload: string } }
    >,
  ) {
    return {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: at,
      messaging_feedback: { feedback_screens: [{ screen_id: 0, questions }] },
    };
  },
  /** Meta's message_edits: the customer's message `mid` now says `text`. */
  edit(psid: string, mid: string, text: string, numEdit: number, at: number) {
    return {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: at,
      message_edit: { mid, text, num_edit: numEdit },
    };
  },
  /** The customer unsent the message `mid`. */
  unsend(psid: string, mid: string, at: number) {
    return {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: at,
      message: { mid, is_deleted: true },
    };
  },
  /** A reply to the Page's story. */
  storyReply(psid: string, mid: string, text: string, at: number, story: { url: string; id: string }) {
    return {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: at,
      message: { mid, text, reply_to: { story } },
    };
  },
  /** The customer mentioned the Page in their story. */
  storyMention(psid: string, mid: string, at: number, url: string) {
    return {
      sender: { id: psid },
      recipient: { id: PAGE_ID },
      timestamp: at,
      message: { mid, attachments: [{ type: "story_mention", payload: { url } }] },
    };
  },
  /** A whole body as the App Dashboard's Test button posts it: the `changes` format, a sample value, entry id "0". */
  testSample(field = "messages") {
    const value = {
      sender: { id: "12334" },
      recipient: { id: "23245" },
      timestamp: "1527459824",
      message: { mid: "test_message_id", text: "test_message" },
    };
    return { object: "page", entry: [{ id: "0", time: 1527459824, changes: [{ field, value }] }] };
  },
  /** A template button: a postback with its payload, or a link when the payload is null. */
  button(title: string, payload: string | null) {
    return payload === null
      ? { type: "web_url", title, url: "https://shop.example/" }
      : { type: "postback", title, payload };
  },
};

/**
 * Runs a suite once per test database with one Baton each (starting PGlite takes seconds), emptied before every
 * test. `h()` is the running harness.
 */
export function describeOnEachDatabase(
  title: string,
  suite: (h: () => Harness, url: () => Promise<string>) => void,
): void {
  describe.each(testDatabases)(`${title} on $name`, ({ url }) => {
    let harness: Harness | null = null;
    beforeAll(async () => {
      harness = await startHarness(await url());
    });
    beforeEach(async () => {
      await harness?.reset();
    });
    afterAll(async () => {
      await harness?.close();
    });
    suite(() => {
      if (!harness) throw new Error("the harness has not started");
      return harness;
    }, url);
  });
}
