import { z } from "zod";

/** A client for the parts of Meta's Graph API that Baton calls. Base URL and version are configuration. */

export type GraphErrorKind =
  | "window_closed"
  | "thread_owned_by_other_app"
  | "customer_unavailable"
  | "rate_limited"
  | "token_invalid"
  | "invalid_request"
  | "graph_unavailable"
  | "graph_error";

const graphErrorBody = z.object({
  error: z.object({
    message: z.string().default("Unknown Graph API error"),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/** The HTTP status Baton answers an agent's action with when Meta refused it this way (the mock backend's too). */
export const GRAPH_ERROR_STATUS: Record<GraphErrorKind, 409 | 422 | 429 | 502 | 503> = {
  window_closed: 422,
  thread_owned_by_other_app: 409,
  customer_unavailable: 502,
  rate_limited: 429,
  token_invalid: 502,
  invalid_request: 502,
  graph_unavailable: 503,
  graph_error: 502,
};

/** What an agent reads when Meta refuses, by Meta's code and subcode. */
export function classifyGraphError(
  code: number | undefined,
  subcode: number | undefined,
): { kind: GraphErrorKind; message: string; retryable: boolean } {
  if (code === 10 && (subcode === 2018278 || subcode === 2534022)) {
    return {
      kind: "window_closed",
      message: "Messenger refused the reply: it is outside the allowed messaging window.",
      retryable: false,
    };
  }
  if (code === 10 && subcode === 2018300) {
    return {
      kind: "thread_owned_by_other_app",
      message: "Another app controls this conversation. Take control of the thread first.",
      retryable: false,
    };
  }
  if (code === 551 || subcode === 1545041) {
    return {
      kind: "customer_unavailable",
      message:
        "This person isn't available right now (they may have blocked the Page or deleted their account).",
      retryable: false,
    };
  }
  if (code === 613 || code === 4 || code === 32) {
    return {
      kind: "rate_limited",
      message: "Messenger is rate limiting the Page. Try again in a moment.",
      retryable: true,
    };
  }
  if (code === 190) {
    return {
      kind: "token_invalid",
      message: "The Page access token has expired or was revoked. An admin must reconnect the Page.",
      retryable: false,
    };
  }
  if (code === 100) {
    return {
      kind: "invalid_request",
      message: "Messenger rejected the request as invalid.",
      retryable: false,
    };
  }
  return {
    kind: "graph_error",
    message: "Messenger could not deliver the message.",
    retryable: code === 1 || code === 2,
  };
}

/** Network errors that mean the request never left: the connection was not made, so Meta did nothing. */
const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** The code of a fetch failure (undici puts the socket's error in `cause`), or null. */
function networkCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if ("code" in e && typeof e.code === "string") return e.code;
  }
  return null;
}

/** Meta's Retry-After header (seconds or an HTTP date) in milliseconds from now, or undefined. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class GraphError extends Error {
  constructor(
    readonly kind: GraphErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly status: number,
    readonly detail: {
      code?: number;
      subcode?: number;
      fbtraceId?: string;
      metaMessage?: string;
      /** How long Meta asked us to wait (its Retry-After header), when it said. */
      retryAfterMs?: number;
      /**
       * The request may have reached Meta and been carried out, its answer lost (a reset or a timeout after it was
       * sent): sending again could send twice. False when Meta answered, or the connection was never made.
       */
      outcomeUnknown?: boolean;
    } = {},
  ) {
    super(message);
    this.name = "GraphError";
  }
}

const sendResult = z.object({ recipient_id: z.string().optional(), message_id: z.string() });
const threadOwnerResult = z.object({
  data: z.array(z.object({ thread_owner: z.object({ app_id: z.union([z.string(), z.number()]) }) })),
});
const profileResult = z.object({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  name: z.string().optional(),
  profile_pic: z.string().optional(),
});

export interface GraphClientOptions {
  baseUrl: string;
  version: string;
  pageToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type SendMessage =
  { text: string; metadata?: string } | { attachment: Record<string, unknown>; metadata?: string };

export class GraphClient {
  readonly #fetch: typeof fetch;
  constructor(readonly options: GraphClientOptions) {
    this.#fetch = options.fetch ?? fetch;
  }

  async #call(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
    query: Record<string, string> = {},
  ): Promise<unknown> {
    const url = new URL(`${this.options.baseUrl.replace(/\/$/, "")}/${this.options.version}${path}`);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    url.searchParams.set("access_token", this.options.pageToken);
    let res: Response;
    try {
      res = await this.#fetch(url, {
        method,
        headers: body ? { "content-type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const code = networkCode(error);
      throw new GraphError(
        "graph_unavailable",
        "Messenger could not be reached. Try again in a moment.",
        true,
        0,
        {
          metaMessage: `${error instanceof Error ? error.message : String(error)}${code ? ` (${code})` : ""}`,
          outcomeUnknown: method === "POST" && !(code !== null && NOT_CONNECTED.has(code)),
        },
      );
    }
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      // The answer was cut off after its status: for a POST, Meta may have done what was asked.
      throw new GraphError(
        "graph_unavailable",
        "Messenger's answer was cut off. Try again in a moment.",
        true,
        res.status,
        {
          metaMessage: error instanceof Error ? error.message : String(error),
          outcomeUnknown: method === "POST",
        },
      );
    }
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      const parsed = graphErrorBody.safeParse(json);
      const e = parsed.success ? parsed.data.error : undefined;
      const c = classifyGraphError(e?.code, e?.error_subcode);
      const wait = retryAfterMs(res.headers.get("retry-after"), Date.now());
      throw new GraphError(c.kind, c.message, c.retryable || res.status >= 500, res.status, {
        code: e?.code,
        subcode: e?.error_subcode,
        fbtraceId: e?.fbtrace_id,
        metaMessage: e?.message ?? text.slice(0, 200),
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      });
    }
    return json;
  }

  async sendMessage(args: {
    psid: string;
    message: SendMessage;
    messagingType: "RESPONSE" | "UPDATE" | "MESSAGE_TAG";
    tag?: "HUMAN_AGENT";
  }): Promise<{ messageId: string }> {
    const body = {
      recipient: { id: args.psid },
      messaging_type: args.messagingType,
      ...(args.tag ? { tag: args.tag } : {}),
      message: args.message,
    };
    const res = sendResult.safeParse(await this.#call("POST", "/me/messages", body));
    if (!res.success)
      throw new GraphError(
        "graph_error",
        "Messenger answered the send with an unexpected shape.",
        false,
        200,
      );
    return { messageId: res.data.message_id };
  }

  async senderAction(psid: string, action: "typing_on" | "typing_off" | "mark_seen"): Promise<void> {
    await this.#call("POST", "/me/messages", { recipient: { id: psid }, sender_action: action });
  }

  async takeThreadControl(psid: string, metadata?: string): Promise<void> {
    await this.#call("POST", "/me/take_thread_control", {
      recipient: { id: psid },
      ...(metadata ? { metadata } : {}),
    });
  }

  async passThreadControl(psid: string, targetAppId: string, metadata?: string): Promise<void> {
    await this.#call("POST", "/me/pass_thread_control", {
      recipient: { id: psid },
      target_app_id: Number(targetAppId) || targetAppId,
      ...(metadata ? { metadata } : {}),
    });
  }

  async threadOwner(psid: string): Promise<string | null> {
    const res = threadOwnerResult.safeParse(
      await this.#call("GET", "/me/thread_owner", undefined, { recipient: psid }),
    );
    const owner = res.success ? res.data.data[0]?.thread_owner.app_id : undefined;
    return owner === undefined ? null : String(owner);
  }

  async profile(psid: string): Promise<{ name: string; avatarUrl: string | null }> {
    const res = profileResult.safeParse(
      await this.#call("GET", `/${encodeURIComponent(psid)}`, undefined, {
        fields: "first_name,last_name,profile_pic",
      }),
    );
    if (!res.success) return { name: "", avatarUrl: null };
    const name = res.data.name ?? [res.data.first_name, res.data.last_name].filter(Boolean).join(" ");
    return { name, avatarUrl: res.data.profile_pic ?? null };
  }
}
