import {
  BRIDGE_NS,
  BRIDGE_VERSION,
  batonEnvelope,
  hostEnvelope,
  type BatonMessageType,
  type BatonPayload,
  type HostEnvelope,
  type HostMessageType,
} from "@contract/embed.ts";

/** The part of a window the bridge uses: one to listen on (Baton's own), one to post to (the host). */
export interface BridgeWindows {
  /** Baton's window: where messages arrive. */
  self: Pick<Window, "addEventListener" | "removeEventListener">;
  /** The host: window.parent. Messages from any other window are ignored, whatever their origin. */
  parent: Pick<Window, "postMessage">;
}

type EnvelopeOf<T extends HostMessageType> = Extract<HostEnvelope, { type: T }>;
type Handler<T extends HostMessageType> = (envelope: EnvelopeOf<T>) => void;

const isOfType = <T extends HostMessageType>(envelope: HostEnvelope, type: T): envelope is EnvelopeOf<T> =>
  envelope.type === type;

let counter = 0;
const newId = () => `b-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/**
 * Baton's end of the postMessage bridge with its host page. Posts only to the host's exact origin (never "*"), and
 * accepts only envelopes that come from window.parent at that origin and pass the contract's schema; anything else
 * (another frame, another origin, another library's messages, a malformed envelope) is dropped without a word.
 */
export class EmbedBridge {
  readonly hostOrigin: string;
  readonly #windows: BridgeWindows;
  readonly #handlers = new Set<(envelope: HostEnvelope) => void>();
  readonly #listener = (event: MessageEvent) => this.#receive(event);
  #closed = false;

  constructor(hostOrigin: string, windows: BridgeWindows) {
    if (!hostOrigin || hostOrigin === "*" || hostOrigin === "null")
      throw new Error("The bridge needs the host's exact origin.");
    this.hostOrigin = hostOrigin;
    this.#windows = windows;
    windows.self.addEventListener("message", this.#listener);
  }

  /** Posts one message to the host; returns its id (a `token-request`'s id comes back as the answer's requestId). */
  send<T extends BatonMessageType>(type: T, payload: BatonPayload<T>): string {
    const envelope = { ns: BRIDGE_NS, v: BRIDGE_VERSION, type, id: newId(), payload };
    // What Baton sends is held to the same contract as what it accepts.
    const checked = batonEnvelope.parse(envelope);
    if (!this.#closed) this.#windows.parent.postMessage(checked, this.hostOrigin);
    return checked.id;
  }

  /** Calls `handler` for each valid message of this type from the host; returns a function that stops it. */
  on<T extends HostMessageType>(type: T, handler: Handler<T>): () => void {
    const wrapped = (envelope: HostEnvelope) => {
      if (isOfType(envelope, type)) handler(envelope);
    };
    this.#handlers.add(wrapped);
    return () => {
      this.#handlers.delete(wrapped);
    };
  }

  /** Asks the host for a fresh signed token and waits for its `token-response` (or gives up after `timeoutMs`). */
  requestToken(reason: BatonPayload<"token-request">["reason"], timeoutMs = 15_000): Promise<string> {
    return new Promise((resolve, reject) => {
      let requestId = "";
      const stop = this.on("token-response", ({ payload }) => {
        if (payload.requestId !== requestId) return;
        finish();
        if ("token" in payload) resolve(payload.token);
        else reject(new Error(`The host gave no token: ${payload.error}`));
      });
      const timer = setTimeout(() => {
        finish();
        reject(new Error("The host did not answer Baton's request for a sign-in token."));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        stop();
      };
      requestId = this.send("token-request", { reason });
    });
  }

  close(): void {
    this.#closed = true;
    this.#windows.self.removeEventListener("message", this.#listener);
    this.#handlers.clear();
  }

  #receive(event: MessageEvent): void {
    if (this.#closed) return;
    if (event.source !== this.#windows.parent) return;
    if (event.origin !== this.hostOrigin) return;
    const parsed = hostEnvelope.safeParse(event.data);
    if (!parsed.success) return;
    for (const handler of [...this.#handlers]) handler(parsed.data);
  }
}

/**
 * Which of the host's configured origins is the page that frames Baton: the browser's own record of the parent
 * (location.ancestorOrigins, where there is one), else the referrer of Baton's page. Null when it is none of them
 * (or Baton is not framed): the bridge is then not started.
 */
export function framingOrigin(allowed: readonly string[], win: Window = window): string | null {
  if (win.parent === win) return null;
  const candidates: string[] = [];
  const ancestors = win.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) candidates.push(ancestors[0] ?? "");
  else {
    try {
      if (win.document.referrer) candidates.push(new URL(win.document.referrer).origin);
    } catch {
      // An unreadable referrer says nothing.
    }
    // Without either record (a host page with Referrer-Policy: no-referrer), a host with one origin is that origin.
    if (candidates.length === 0 && allowed.length === 1) candidates.push(allowed[0] ?? "");
  }
  return candidates.find((o) => allowed.includes(o)) ?? null;
}
