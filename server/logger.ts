import { pino, stdSerializers, stdTimeFunctions, type DestinationStream } from "pino";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

/**
 * Baton's logger: a message and the fields that explain it, one JSON line per entry. `child` adds fields to every
 * entry (a request's id, method and path; a conversation's id). An error goes in the `err` field (or `error`) as
 * the Error itself, so the line keeps its type, message, stack and cause.
 */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(bindings: LogFields): Logger;
}

const REDACTED = "[redacted]";
/** The fields an error is logged under; pino serializes them (serializeError). */
const ERROR_KEYS = new Set(["err", "error"]);

/** Field names whose values are secrets wherever they appear: passwords, tokens, cookies, app secrets, API keys. */
const SECRET_KEY =
  /pass(word|wd)?$|secret|token|cookie|authorization|api[-_]?key|credential|signature|proof/i;

/** Secrets inside free text: a password in a URL, a token in a query string, a bearer credential. */
const SECRET_IN_TEXT: readonly [RegExp, string][] = [
  // scheme://user:password@host -> scheme://user:[redacted]@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s/?#@]*@/gi, `$1:${REDACTED}@`],
  // ?access_token=…&appsecret_proof=… and the like
  [
    /([?&;](?:access_token|token|password|passwd|pass|secret|client_secret|appsecret_proof|api_key|key|code|signature)=)[^&#\s"]*/gi,
    `$1${REDACTED}`,
  ],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
];

/** Removes the secrets a string may carry (a DATABASE_URL's password, a token in a URL) and keeps the rest. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_IN_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/** A copy of a log entry's fields with every secret replaced; errors become plain objects that keep their stack. */
function redactFields(fields: LogFields | undefined): LogFields {
  if (typeof fields !== "object" || fields === null) return {};
  return redactEntries(fields, new WeakSet<object>([fields]), 0);
}

/** pino's error serializer (type, message with its causes', stack with theirs, own fields), then redacted. */
function serializeError(value: unknown): unknown {
  return value instanceof Error ? redactEntries(stdSerializers.err(value), new WeakSet<object>(), 0) : value;
}

function redactEntries(value: object, seen: WeakSet<object>, depth: number): LogFields {
  const out: LogFields = {};
  for (const [key, v] of Object.entries(value)) {
    if (depth === 0 && ERROR_KEYS.has(key) && v instanceof Error)
      out[key] = v; // serializeError's, below
    else if (SECRET_KEY.test(key) && v !== null && v !== undefined && v !== "") out[key] = REDACTED;
    else out[key] = redactValue(v, seen, depth + 1);
  }
  return out;
}

function redactValue(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || value === null || value instanceof Date) return value;
  if (seen.has(value) || depth > 8) return "[circular or too deep]";
  seen.add(value);
  if (value instanceof Error) return redactEntries(stdSerializers.err(value), seen, depth + 1);
  if (Array.isArray(value)) return value.map((v: unknown) => redactValue(v, seen, depth + 1));
  return redactEntries(value, seen, depth);
}

function wrap(p: pino.Logger): Logger {
  const at =
    (level: "debug" | "info" | "warn" | "error") =>
    (msg: string, fields?: LogFields): void => {
      if (!p.isLevelEnabled(level)) return;
      if (fields) p[level](fields, redactText(msg));
      else p[level](redactText(msg));
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (bindings) => wrap(p.child(redactFields(bindings))),
  };
}

/**
 * One JSON line per entry (`level`, `time`, `msg` and the fields) on stderr, so logs stay machine-readable and
 * stdout stays for the demo's banner. `sink` receives each line instead (tests).
 */
export function createLogger(level: LogLevel = "info", sink?: (line: string) => void): Logger {
  const destination: DestinationStream = sink
    ? { write: (line: string) => sink(line.replace(/\n$/, "")) }
    : pino.destination({ dest: 2, sync: true });
  return wrap(
    pino(
      {
        level,
        base: undefined,
        timestamp: stdTimeFunctions.isoTime,
        serializers: { err: serializeError, error: serializeError },
        formatters: {
          level: (label) => ({ level: label }),
          bindings: (bindings) => redactFields(bindings),
          log: (fields) => redactFields(fields),
        },
      },
      destination,
    ),
  );
}

/** A logger that keeps its entries in memory, parsed, for tests that check what was logged. */
export function memoryLogger(level: LogLevel = "debug"): { log: Logger; entries: LogFields[] } {
  const entries: LogFields[] = [];
  const log = createLogger(level, (line) => entries.push(JSON.parse(line) as LogFields));
  return { log, entries };
}

export const silentLogger: Logger = createLogger("silent");
