import { z } from "zod";

/** Meta's own inbox (Page Inbox / Business Suite) as a connected app. */
export const PAGE_INBOX_APP_ID = "263902037430900";

const list = (fallback: string[]) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined
        ? fallback
        : v
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
    );

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
    .optional()
    .transform((v) => (v === undefined ? fallback : ["true", "1", "yes", "on"].includes(v)));

export const DEFAULT_HANDOFF_PAYLOADS = ["HUMAN", "TALK_TO_HUMAN", "TALK_TO_AGENT", "HUMAN_AGENT", "LIVE_AGENT", "HANDOFF"];
export const DEFAULT_HANDOFF_PHRASES = [
  "talk to a human",
  "talk to a person",
  "talk to someone",
  "speak to a human",
  "speak to a person",
  "speak to an agent",
  "talk to an agent",
  "talk to support",
  "human",
  "agent",
  "real person",
  "customer service",
  "live agent",
];
export const DEFAULT_AUTORESPONDER_PHRASES = [
  "we'll get back to you",
  "we will get back to you",
  "get back to you soon",
  "thanks for your message",
  "thanks for reaching out",
  "we have received your message",
  "we've received your message",
  "away from",
  "out of office",
  "reply as soon as",
  "respond as soon as",
  "typically replies",
];

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  /** A folder for embedded PGlite, `memory:` for an in-memory PGlite, or a postgres:// URL. */
  DATABASE_URL: z.string().default("./.baton/data"),
  META_VERIFY_TOKEN: z.string().min(1).default("baton-local-verify-token"),
  META_APP_SECRET: z.string().min(1).default("baton-local-app-secret"),
  META_PAGE_TOKEN: z.string().min(1).default("baton-local-page-token"),
  PAGE_ID: z.string().optional(),
  BOT_APP_ID: z.string().min(1).default("1001"),
  BATON_APP_ID: z.string().min(1).default("2002"),
  GRAPH_API_URL: z.url().default("https://graph.facebook.com"),
  GRAPH_API_VERSION: z.string().regex(/^v\d+\.\d+$/).default("v23.0"),
  BOT_GRACE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  HUMAN_AGENT_TAG: bool(true),
  PASS_BACK_ON_RESOLVE: bool(true),
  HANDOFF_PAYLOADS: list(DEFAULT_HANDOFF_PAYLOADS),
  HANDOFF_PHRASES: list(DEFAULT_HANDOFF_PHRASES),
  AUTORESPONDER_PHRASES: list(DEFAULT_AUTORESPONDER_PHRASES),
  PAGE_NAME: z.string().default("Baton Demo Shop"),
  /** Agents created at start when none exist: `id:Name:role` separated by commas. */
  AGENTS: z
    .string()
    .default("admin:Admin:manager")
    .transform((v, ctx) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .map((entry) => {
          const [id = "", name = "", role = "agent"] = entry.split(":").map((p) => p.trim());
          if (!id || !name || (role !== "agent" && role !== "manager")) {
            ctx.addIssue({ code: "custom", message: `"${entry}" is not id:Name:role with role agent or manager` });
          }
          return { id, name, role: role === "manager" ? ("manager" as const) : ("agent" as const) };
        }),
    ),
  /** Where the built SPA is; served at / when it exists. */
  STATIC_DIR: z.string().default("dist"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
});

export type Config = z.infer<typeof configSchema>;

/** Reads configuration from an environment; throws one readable error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
