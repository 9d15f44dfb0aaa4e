import { z } from "zod";

export { PAGE_INBOX_APP_ID } from "./messenger/meta-apps.ts";

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

/** The development defaults: fine for the local demo and tests, refused by `npm run serve` (anyone could sign with them). */
export const DEV_APP_SECRET = "baton-local-app-secret";
const DEV_VERIFY_TOKEN = "baton-local-verify-token";
const DEV_PAGE_TOKEN = "baton-local-page-token";
const DEV_SESSION_SECRET = "baton-local-session-secret";

export const DEFAULT_HANDOFF_PAYLOADS = [
  "HUMAN",
  "TALK_TO_HUMAN",
  "TALK_TO_AGENT",
  "HUMAN_AGENT",
  "LIVE_AGENT",
  "HANDOFF",
];
/**
 * Exact phrases (chip titles, typed text) that mean "talk to a human": one word only as the whole message, several
 * words anywhere in it. Beside them, classify.ts recognises typed requests in these six languages by their grammar
 * (a request verb and a person: "can I chat with an agent", "quiero hablar con una persona").
 * "customer service", "live agent" and "real person" are no longer phrases, which matched anywhere ("customer service
 * was great", "the live agent was rude"): the grammar takes them where they ask for someone ("a real person please").
 */
export const DEFAULT_HANDOFF_PHRASES = [
  "talk to a human",
  "talk to a person",
  "talk to someone",
  "speak to a human",
  "speak to a person",
  "speak to an agent",
  "talk to an agent",
  "chat with an agent",
  "talk to support",
  "talk to customer service",
  "human",
  "agent",
  "representative",
  "operator",
  "human please",
  // Spanish
  "hablar con una persona",
  "hablar con un humano",
  "hablar con un agente",
  "hablar con un asesor",
  // French
  "parler à un conseiller",
  "parler à un humain",
  "parler à quelqu'un",
  "parler à un agent",
  // German
  "mit einem Mitarbeiter sprechen",
  "mit einem Menschen sprechen",
  "mit jemandem sprechen",
  // Portuguese
  "falar com um atendente",
  "falar com uma pessoa",
  "falar com um humano",
  // Italian
  "parlare con un operatore",
  "parlare con una persona",
  "parlare con un umano",
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
  META_VERIFY_TOKEN: z.string().min(1).default(DEV_VERIFY_TOKEN),
  META_APP_SECRET: z.string().min(1).default(DEV_APP_SECRET),
  META_PAGE_TOKEN: z.string().min(1).default(DEV_PAGE_TOKEN),
  PAGE_ID: z.string().optional(),
  BOT_APP_ID: z.string().min(1).default("1001"),
  BATON_APP_ID: z.string().min(1).default("2002"),
  GRAPH_API_URL: z.url().default("https://graph.facebook.com"),
  GRAPH_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default("v23.0"),
  BOT_GRACE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  HUMAN_AGENT_TAG: bool(true),
  PASS_BACK_ON_RESOLVE: bool(true),
  /** Attempts to send an agent's reply (the first included) through Graph 5xx, rate limits and network errors. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(12),
  /** The longest back-off between two attempts (it doubles from one second, with jitter; Retry-After may ask more). */
  OUTBOX_MAX_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  /** How long the reply route waits for the first attempt before answering with the reply still sending (queued). */
  OUTBOX_REPLY_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(4000),
  HANDOFF_PAYLOADS: list(DEFAULT_HANDOFF_PAYLOADS),
  HANDOFF_PHRASES: list(DEFAULT_HANDOFF_PHRASES),
  AUTORESPONDER_PHRASES: list(DEFAULT_AUTORESPONDER_PHRASES),
  PAGE_NAME: z.string().default("Baton Demo Shop"),
  /**
   * The address agents open Baton at (https://baton.example.com). Requests for any other Host are refused (DNS
   * rebinding), links in invitations use it, and https decides the cookie's Secure/__Host- form. Unset: the
   * loopback address Baton listens on.
   */
  PUBLIC_URL: z.url().optional(),
  /** Keys the HMAC under which session and one-time link tokens are stored. */
  SESSION_SECRET: z.string().min(16, "use at least 16 characters").default(DEV_SESSION_SECRET),
  /** A session ends after this long without a request… */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(43_200).default(720),
  /** …and at the latest this long after sign-in. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(8_760).default(168),
  /** Webhook bodies past this many bytes are refused with 413 while being read, before the signature is computed. */
  WEBHOOK_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(100 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  /**
   * A search that has not found its page after this many milliseconds is stopped and answers 422 search_timeout
   * (PostgreSQL also ends its statement then), so one expensive search cannot hold the database.
   */
  SEARCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** Raw webhook bodies are kept this many days (to investigate a delivery), then pruned in the background. */
  RAW_WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(14),
  /** API request bodies past this many bytes are refused with 413. */
  API_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(10 * 1024 * 1024)
    .default(256 * 1024),
  /** Baton runs behind a reverse proxy: the last X-Forwarded-For address is the client's (sign-in throttling, audit). */
  TRUST_PROXY: bool(false),
  /** Live streams one session may hold open at once (tabs); more answer 429. */
  LIVE_STREAMS_PER_SESSION: z.coerce.number().int().min(1).max(100).default(8),
  /** Hosts that may frame Baton and sign agents in with their tokens: a JSON array (see README, Embedded mode). */
  EMBED_HOSTS: z.string().optional(),
  /** Origins allowed to call /api from a browser (CORS); none by default. Comma-separated. */
  CORS_ORIGINS: list([]),
  /** smtp://user:pass@host:port to mail invitations and reset links; without it an admin hands the link over. */
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default("Baton <baton@localhost>"),
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

/** The built-in development secrets this configuration still uses (empty when every one was set). */
function developmentSecretsInUse(config: Config): string[] {
  const used: string[] = [];
  if (config.META_APP_SECRET === DEV_APP_SECRET) used.push("META_APP_SECRET");
  if (config.META_VERIFY_TOKEN === DEV_VERIFY_TOKEN) used.push("META_VERIFY_TOKEN");
  if (config.META_PAGE_TOKEN === DEV_PAGE_TOKEN) used.push("META_PAGE_TOKEN");
  if (config.SESSION_SECRET === DEV_SESSION_SECRET) used.push("SESSION_SECRET");
  return used;
}

/**
 * Why this configuration must not face the internet (`npm run serve` refuses to start with any): the published
 * development secrets, or cookies that would travel without Secure off a loopback address.
 */
export function deploymentProblems(config: Config): string[] {
  const problems = developmentSecretsInUse(config).map(
    (name) =>
      `${name} is the published development default; set your own (for SESSION_SECRET: openssl rand -base64 32).`,
  );
  const loopback = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;
  if (config.PUBLIC_URL) {
    const url = new URL(config.PUBLIC_URL);
    if (url.protocol !== "https:" && !loopback.test(url.hostname))
      problems.push(`PUBLIC_URL must be https:// (session cookies are Secure); ${url.origin} is not.`);
  } else if (!loopback.test(config.HOST)) {
    problems.push(
      `HOST is ${config.HOST}, not a loopback address: set PUBLIC_URL to the https:// address agents open.`,
    );
  }
  return problems;
}
