import { randomBytes } from "node:crypto";

/** The body Meta's Graph API answers with when a call fails. */
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    is_transient?: boolean;
    fbtrace_id: string;
  };
}

export class GraphError extends Error {
  readonly status: number;
  readonly code: number;
  readonly subcode: number | undefined;
  readonly type: string;
  readonly transient: boolean;
  constructor(spec: GraphErrorSpec) {
    super(spec.message);
    this.status = spec.status ?? 400;
    this.code = spec.code;
    this.subcode = spec.subcode;
    this.type = spec.type ?? "OAuthException";
    this.transient = spec.transient ?? false;
  }
  toBody(): GraphErrorBody {
    return {
      error: {
        message: this.message,
        type: this.type,
        code: this.code,
        ...(this.subcode === undefined ? {} : { error_subcode: this.subcode }),
        ...(this.transient ? { is_transient: true } : {}),
        fbtrace_id: randomBytes(8).toString("base64url"),
      },
    };
  }
}

export interface GraphErrorSpec {
  message: string;
  code: number;
  subcode?: number;
  type?: string;
  status?: number;
  transient?: boolean;
}

/** The errors the emulator produces, named by what went wrong; codes and subcodes are Meta's. */
export const metaErrors = {
  invalidToken: (): GraphErrorSpec => ({
    message: "Invalid OAuth access token - Cannot parse access token",
    code: 190,
  }),
  outsideWindow: (): GraphErrorSpec => ({
    message:
      "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview",
    code: 10,
    subcode: 2018278,
  }),
  anotherAppControlsThread: (): GraphErrorSpec => ({
    message:
      "(#10) Another app is controlling this thread now. Use take_thread_control or request_thread_control first.",
    code: 10,
    subcode: 2018300,
  }),
  onlyPrimaryMayTake: (): GraphErrorSpec => ({
    message: "(#10) Only the primary receiver or an app with full control can take thread control.",
    code: 10,
  }),
  noMatchingUser: (): GraphErrorSpec => ({
    message: "(#100) No matching user found",
    code: 100,
    subcode: 2018001,
  }),
  customerUnavailable: (): GraphErrorSpec => ({
    message: "(#551) This person isn't available right now.",
    code: 551,
    subcode: 1545041,
  }),
  unsupportedTag: (tag: string): GraphErrorSpec => ({
    message: `(#100) Tag ${tag} is no longer supported. Use HUMAN_AGENT for replies by a person.`,
    code: 100,
    subcode: 2018354,
  }),
  invalidParameter: (what: string): GraphErrorSpec => ({ message: `(#100) ${what}`, code: 100 }),
  rateLimited: (): GraphErrorSpec => ({
    message: "(#613) Calls to this api have exceeded the rate limit.",
    code: 613,
  }),
  temporary: (): GraphErrorSpec => ({
    message: "An unexpected error has occurred. Please retry your request later.",
    code: 2,
    status: 500,
    transient: true,
  }),
  invalidTargetApp: (): GraphErrorSpec => ({
    message: "(#100) The target app is not connected to this Page.",
    code: 100,
  }),
  unknownPath: (path: string): GraphErrorSpec => ({
    message: `Unknown path components: ${path}`,
    code: 2500,
  }),
} as const;

/** Errors the control API can force on the next Send API call, by name. */
export const forcibleErrors = {
  outside_window: metaErrors.outsideWindow,
  thread_owned_by_another_app: metaErrors.anotherAppControlsThread,
  customer_unavailable: metaErrors.customerUnavailable,
  rate_limited: metaErrors.rateLimited,
  invalid_token: metaErrors.invalidToken,
  temporary: metaErrors.temporary,
  unsupported_tag: () => metaErrors.unsupportedTag("POST_PURCHASE_UPDATE"),
} as const;
export type ForcibleError = keyof typeof forcibleErrors;
export const forcibleErrorNames = Object.keys(forcibleErrors) as [ForcibleError, ...ForcibleError[]];
