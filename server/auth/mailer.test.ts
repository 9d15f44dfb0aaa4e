import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../logger.ts";
import { startHarness, type Harness } from "../testing/harness.ts";
import { createMailer } from "./mailer.ts";

/** A real SMTP server on loopback that keeps what it receives. */
function startSmtp(): Promise<{ port: number; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, done) {
      let text = "";
      stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push(text);
        done();
      });
    },
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.server.address();
      resolve({
        port: typeof address === "object" && address ? address.port : 0,
        received,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}

describe("one-time links by mail", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let h: Harness;
  beforeAll(async () => {
    smtp = await startSmtp();
    h = await startHarness("memory:", {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_FROM: "Baton <baton@example.com>",
    });
  });
  afterAll(async () => {
    await h.close();
    await smtp.close();
  });

  it("with SMTP configured, an invitation is mailed with its link and the admin still sees the link", async () => {
    const res = await h.api(
      "POST",
      "/admin/invitations",
      { email: "new.agent@example.com", role: "agent" },
      "ada",
    );
    expect(res.status).toBe(201);
    const link = (await res.json()) as { url: string; emailed: boolean };
    expect(link.emailed).toBe(true);
    const mail = smtp.received.at(-1) ?? "";
    expect(mail).toContain("new.agent@example.com");
    expect(mail.replace(/=\r?\n/g, "")).toContain(link.url.split("#token=")[1]?.slice(0, 20));
  });

  it("a reset link is mailed to the agent's address", async () => {
    const res = await h.api("POST", "/admin/agents/sam/reset-link", {}, "ada");
    expect(res.status).toBe(201);
    expect(((await res.json()) as { emailed: boolean }).emailed).toBe(true);
    expect(smtp.received.at(-1)).toContain("sam@example.com");
  });

  it("a mail server that is down leaves the link to hand over, and says it was not mailed", async () => {
    const mailer = createMailer("smtp://127.0.0.1:9", "Baton <b@example.com>", silentLogger);
    expect(await mailer?.send({ to: "x@example.com", subject: "s", text: "t" })).toBe(false);
  });
});
