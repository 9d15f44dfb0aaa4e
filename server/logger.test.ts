import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allow } from "./auth/policy.ts";
import { createBaton } from "./baton.ts";
import { loadConfig } from "./config.ts";
import { memoryLogger, redactText, type LogFields } from "./logger.ts";

const PASSWORD = "s3cret-Passw0rd";

/** Everything a logged entry says, as one string: a secret found anywhere in it is a leak. */
const everything = (entries: LogFields[]) => JSON.stringify(entries);

describe("the logger keeps secrets out of its lines", () => {
  // One row per place a secret turns up: what is logged, and what the line must still say.
  const rows: { secret: string; log: (l: ReturnType<typeof memoryLogger>["log"]) => void; keeps: string }[] =
    [
      {
        secret: "a DATABASE_URL's password in a field",
        log: (l) =>
          l.info("database opened", { database: `postgres://baton:${PASSWORD}@db.internal:5432/baton` }),
        keeps: "postgres://baton:[redacted]@db.internal:5432/baton",
      },
      {
        secret: "a DATABASE_URL's password in the message",
        log: (l) => l.warn(`could not reach postgresql://baton:${PASSWORD}@db.internal/baton`),
        keeps: "postgresql://baton:[redacted]@db.internal/baton",
      },
      {
        secret: "a password in an SMTP URL inside an error's message",
        log: (l) =>
          l.error("mail failed", { err: new Error(`smtp://mailer:${PASSWORD}@smtp.example failed`) }),
        keeps: "smtp://mailer:[redacted]@smtp.example failed",
      },
      {
        secret: "an access token in a Graph API query string",
        log: (l) =>
          l.warn("graph call failed", { url: `https://graph.example/v23.0/me?access_token=${PASSWORD}&x=1` }),
        keeps: "access_token=[redacted]&x=1",
      },
      {
        secret: "an authorization header and a cookie",
        log: (l) =>
          l.info("request", { headers: { authorization: `Bearer ${PASSWORD}`, cookie: `sid=${PASSWORD}` } }),
        keeps: '"authorization":"[redacted]"',
      },
      {
        secret: "a bearer credential in free text",
        log: (l) => l.info(`forwarded Authorization: Bearer ${PASSWORD}`),
        keeps: "Bearer [redacted]",
      },
      {
        secret: "app secrets and tokens by their field names",
        log: (l) =>
          l.info("config", { META_APP_SECRET: PASSWORD, META_PAGE_TOKEN: PASSWORD, sessionSecret: PASSWORD }),
        keeps: '"META_APP_SECRET":"[redacted]"',
      },
      {
        secret: "a token bound to a child logger",
        log: (l) => l.child({ token: PASSWORD }).info("child entry"),
        keeps: '"token":"[redacted]"',
      },
    ];

  it.each(rows)("$secret is redacted", ({ log, keeps }) => {
    const { log: logger, entries } = memoryLogger();
    log(logger);
    expect(entries).toHaveLength(1);
    expect(everything(entries)).not.toContain(PASSWORD);
    expect(everything(entries)).toContain(keeps);
  });

  it("a URL without a password stays as it was", () => {
    expect(redactText("postgres://postgres@127.0.0.1:5432/test")).toBe(
      "postgres://postgres@127.0.0.1:5432/test",
    );
    expect(redactText("./.baton/data")).toBe("./.baton/data");
  });
});

describe("the logger's entries", () => {
  it("an error keeps its type, message and stack", () => {
    const { log, entries } = memoryLogger();
    const error = new TypeError("the thing broke");
    log.error("unhandled error", { err: error });
    const [entry] = entries;
    expect(entry).toMatchObject({
      level: "error",
      msg: "unhandled error",
      err: { type: "TypeError", message: "the thing broke" },
    });
    expect(entry?.err).toHaveProperty("stack", error.stack);
    expect(String(error.stack)).toContain("logger.test.ts");
  });

  it("an error under `error` is serialized the same way, with its cause", () => {
    const { log, entries } = memoryLogger();
    log.warn("timer sweep failed", { error: new Error("outer", { cause: new Error("inner") }) });
    expect(entries[0]?.error).toMatchObject({
      type: "Error",
      message: "outer: inner",
      stack: expect.stringMatching(/^Error: outer\n[^]*caused by: Error: inner/),
    });
  });

  it("a child logger adds its fields to every entry, and children of children add theirs", () => {
    const { log, entries } = memoryLogger();
    const request = log.child({ reqId: "r1", method: "POST", path: "/api/x" });
    request.info("one");
    request.child({ conversationId: "c1" }).warn("two", { extra: 1 });
    expect(entries).toEqual([
      expect.objectContaining({ level: "info", msg: "one", reqId: "r1", method: "POST", path: "/api/x" }),
      expect.objectContaining({ level: "warn", msg: "two", reqId: "r1", conversationId: "c1", extra: 1 }),
    ]);
    expect(entries[0]?.time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });

  it.each([
    { level: "warn" as const, kept: ["warn", "error"] },
    { level: "error" as const, kept: ["error"] },
    { level: "silent" as const, kept: [] },
  ])("at level $level only $kept are written", ({ level, kept }) => {
    const { log, entries } = memoryLogger(level);
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(entries.map((e) => e.level)).toEqual(kept);
  });
});

describe("Baton's request logs", () => {
  const start = async () => {
    const { log, entries } = memoryLogger("debug");
    const config = loadConfig({
      DATABASE_URL: "memory:",
      STATIC_DIR: "./.baton/no-static-in-tests",
    });
    const baton = await createBaton({ config, logger: log, sweepIntervalMs: 0 });
    baton.app.get("/test-only/boom", allow("public"), () => {
      throw new TypeError("the handler broke");
    });
    return { baton, entries };
  };
  let running: Awaited<ReturnType<typeof start>> | null = null;
  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running?.baton.close();
  });
  const started = () => {
    if (!running) throw new Error("Baton did not start");
    running.entries.length = 0;
    return running;
  };

  it("each request is logged once it is answered, under its own id, method and path", async () => {
    const { baton, entries } = started();
    await baton.app.request("http://localhost/healthz");
    await baton.app.request("http://localhost/healthz");
    const lines = entries.filter((e) => e.msg === "request");
    expect(lines).toEqual([
      expect.objectContaining({ level: "debug", method: "GET", path: "/healthz", status: 200 }),
      expect.objectContaining({ level: "debug", method: "GET", path: "/healthz", status: 200 }),
    ]);
    expect(lines[0]?.reqId).toEqual(expect.any(String));
    expect(lines[0]?.reqId).not.toBe(lines[1]?.reqId);
  });

  it("an unhandled error is logged with its stack under the request's id, and the request as failed", async () => {
    const { baton, entries } = started();
    const res = await baton.app.request("http://localhost/test-only/boom", { method: "GET" });
    expect(res.status).toBe(500);
    const [error, failed, ...rest] = entries;
    expect(rest).toEqual([]);
    expect(error).toMatchObject({
      level: "error",
      msg: "unhandled error",
      method: "GET",
      path: "/test-only/boom",
      err: {
        type: "TypeError",
        message: "the handler broke",
        stack: expect.stringContaining("logger.test.ts"),
      },
    });
    expect(failed).toMatchObject({ level: "warn", msg: "request failed", status: 500, reqId: error?.reqId });
  });
});
