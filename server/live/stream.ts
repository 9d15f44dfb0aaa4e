import type { Logger } from "../logger.ts";
import type { LiveHub } from "./hub.ts";

/** Frames a stream may hold unsent before it is closed: its browser reconnects and resumes from the log. */
const MAX_QUEUED_FRAMES = 2_000;
/** How often a stream asks whether its session is still valid (another instance may have ended it). */
const SESSION_CHECK_MS = 15_000;
const encoder = new TextEncoder();

/**
 * One browser's live stream as a response body. Frames are enqueued as the hub hands them over, without awaiting
 * the socket (Node writes them in order), so one slow browser delays no other; a browser that falls far behind is
 * cut off and resumes with Last-Event-ID. Frames that arrive while the opening (hello, replay) loads wait behind it.
 */
export function liveStream(args: {
  hub: LiveHub;
  lastEventId: string | undefined;
  /** Whether the session still stands; false ends the stream. */
  stillValid: () => Promise<boolean>;
  /** Called once when the stream ends, whoever ends it. */
  onEnd: () => void;
  log: Logger;
}): { body: ReadableStream<Uint8Array>; close: (reconnectInMs?: number) => void } {
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let held: Uint8Array[] | null = [];
  let unsubscribe = () => {};
  let checkedAt = Date.now();
  let checking = false;
  let closed = false;

  const end = (reconnectInMs?: number) => {
    if (closed) return;
    closed = true;
    unsubscribe();
    args.onEnd();
    try {
      if (reconnectInMs !== undefined)
        controller?.enqueue(encoder.encode(`retry: ${Math.round(reconnectInMs)}\n\n`));
      controller?.close();
    } catch {
      // the browser went first
    }
  };
  const send = (frame: Uint8Array) => {
    if (closed || !controller) return;
    if (held) {
      held.push(frame);
      return;
    }
    if ((controller.desiredSize ?? 0) < -MAX_QUEUED_FRAMES) {
      args.log.info("live stream fell behind; closed for the browser to resume");
      end();
      return;
    }
    controller.enqueue(frame);
  };

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      unsubscribe = args.hub.attach({
        frame: send,
        heartbeat(frame) {
          send(frame);
          if (checking || Date.now() - checkedAt < SESSION_CHECK_MS) return;
          checking = true;
          checkedAt = Date.now();
          args
            .stillValid()
            .then((valid) => {
              if (!valid) end();
            })
            .catch(() => {})
            .finally(() => (checking = false));
        },
      });
      args.hub
        .opening(args.lastEventId)
        .then((opening) => {
          const waiting = held ?? [];
          held = null;
          for (const frame of [...opening, ...waiting]) send(frame);
        })
        .catch((error: unknown) => {
          args.log.warn("live stream could not open", { err: error });
          end();
        });
    },
    cancel() {
      if (closed) return;
      closed = true;
      unsubscribe();
      args.onEnd();
    },
  });
  return { body, close: end };
}
