import type { BotFlow } from "../../contract/review.ts";
import { normalise } from "../conversations/classify.ts";

/**
 * Which flow of the bot a conversation ran through (issue 10), inferred from generic clues a Recart-style shop bot
 * leaves: the payloads the customer tapped, the bot's words (in the languages the shops use) and the payloads of
 * the chips and buttons it offered. Pure.
 *
 * Clues have three strengths, used in this order: a payload the customer tapped, the bot's text, a payload the bot
 * only offered (a welcome message offers "Track my order" without being about shipping). The specific flows
 * (abandoned cart, product review, shipping) win over welcome unless they were only offered. With no
 * clue at all, a conversation the bot started before any customer message is a broadcast.
 *
 * In order: a specific flow the customer tapped, a specific flow the bot's text names, a welcome (tapped or said),
 * a specific flow the bot only offered, a welcome it only offered; the earliest clue of a kind first.
 */

export interface FlowMessage {
  author: "bot" | "customer";
  at: number;
  text: string | null;
  /** Payloads of the chips and postback buttons the bot offered in this message. */
  offeredPayloads?: readonly string[];
  /** The payload the customer tapped (a quick reply or a postback). */
  payload?: string | null;
}

export type Clue = Exclude<BotFlow, "broadcast" | "other">;
const SPECIFIC: readonly Clue[] = ["abandoned_cart", "review", "shipping"];

/** Payload words, as upper-case tokens split at anything not a letter or digit ("COMPLETE_ORDER" is COMPLETE, ORDER). */
const PAYLOAD_WORDS: Record<Clue, ReadonlySet<string>> = {
  abandoned_cart: new Set(["CART", "CHECKOUT", "BASKET", "COMPLETE", "ABANDONED", "RECOVER", "RECOVERY"]),
  review: new Set(["REVIEW", "REVIEWS", "RATE", "RATING", "STAR", "STARS", "FEEDBACK", "NPS", "CSAT"]),
  shipping: new Set([
    "TRACK",
    "TRACKING",
    "SHIP",
    "SHIPPING",
    "SHIPMENT",
    "DELIVERY",
    "ORDER",
    "ORDERS",
    "WISMO",
  ]),
  welcome: new Set(["STARTED", "WELCOME", "START", "GETSTARTED"]),
};

/**
 * Words and phrases in the bot's text, as `normalise` leaves them (lower case, no accents): English, Spanish, French,
 * German, Portuguese and Italian. Phrases are matched as whole words.
 */
const TEXT_CLUES: Record<Clue, readonly string[]> = {
  abandoned_cart: [
    "cart",
    "basket",
    "checkout",
    "left something",
    "complete your order",
    "finish your order",
    "carrito",
    "cesta",
    "finaliza tu compra",
    "panier",
    "warenkorb",
    "zur kasse",
    "carrinho",
    "carrello",
  ],
  review: [
    "review",
    "rate it",
    "rate your",
    "how would you rate",
    "star review",
    "rating",
    "resena",
    "valoracion",
    "estrellas",
    "que nota",
    "avis",
    "quelle note",
    "etoiles",
    "bewertung",
    "bewerten",
    "sterne",
    "wie gefallt",
    "avaliacao",
    "estrelas",
    "recensione",
    "stelle",
  ],
  shipping: [
    "order number",
    "tracking",
    "track your order",
    "where your order is",
    "where is your order",
    "shipped",
    "out for delivery",
    "was delivered",
    "numero de pedido",
    "seguimiento",
    "en reparto",
    "se entrego",
    "donde esta tu pedido",
    "numero de commande",
    "suivi",
    "en livraison",
    "a ete livree",
    "ou en est votre commande",
    "bestellnummer",
    "sendung",
    "zugestellt",
    "wo ist deine bestellung",
    "rastreamento",
    "numero do pedido",
    "spedizione",
    "tracciamento",
    "numero d ordine",
  ],
  welcome: [
    "welcome",
    "bienvenido",
    "bienvenida",
    "bienvenue",
    "willkommen",
    "bem vindo",
    "bem vinda",
    "benvenuto",
    "benvenuta",
  ],
};

const payloadTokens = (payload: string) =>
  payload
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);

/** The clue a payload gives, or null. A cart payload wins over an order one ("COMPLETE_ORDER" is a checkout). */
export function flowOfPayload(payload: string): Clue | null {
  const tokens = payloadTokens(payload);
  if (tokens.length === 0) return null;
  for (const flow of [...SPECIFIC, "welcome"] as const) {
    if (tokens.some((t) => PAYLOAD_WORDS[flow].has(t))) {
      return flow;
    }
  }
  return null;
}

/** The clue the bot's text gives, or null; a message about a cart and an order is about the cart. */
export function flowOfText(text: string): Clue | null {
  const padded = ` ${normalise(text).replace(/'/g, " ")} `;
  for (const flow of [...SPECIFIC, "welcome"] as const) {
    if (TEXT_CLUES[flow].some((clue) => padded.includes(` ${clue} `))) return flow;
  }
  return null;
}

const specific = (clues: readonly Clue[]) => clues.find((c) => c !== "welcome") ?? null;

/**
 * What the flow is decided from, gathered message by message, so the engine keeps it in the conversation's state
 * instead of reading earlier messages again: the clues of each strength (each once, in the order first seen) and who
 * spoke first.
 */
export interface FlowEvidence {
  tapped: Clue[];
  said: Clue[];
  offered: Clue[];
  first: FlowMessage["author"] | null;
}

export const NO_FLOW_EVIDENCE: FlowEvidence = { tapped: [], said: [], offered: [], first: null };

const withClue = (list: Clue[], clue: Clue | null): Clue[] =>
  clue === null || list.includes(clue) ? list : [...list, clue];

/** The evidence with one more message (in time order); the same object when the message adds nothing. */
export function addFlowEvidence(e: FlowEvidence, m: FlowMessage): FlowEvidence {
  let next = e.first === null ? { ...e, first: m.author } : e;
  const set = (key: "tapped" | "said" | "offered", clue: Clue | null) => {
    const list = withClue(next[key], clue);
    if (list !== next[key]) next = { ...next, [key]: list };
  };
  if (m.author === "customer") {
    if (m.payload) set("tapped", flowOfPayload(m.payload));
    return next;
  }
  if (m.text) set("said", flowOfText(m.text));
  for (const p of m.offeredPayloads ?? []) set("offered", flowOfPayload(p));
  return next;
}

export function flowOfEvidence(e: FlowEvidence): BotFlow {
  const welcomed = e.tapped.includes("welcome") || e.said.includes("welcome");
  const decided =
    specific(e.tapped) ??
    specific(e.said) ??
    (welcomed ? "welcome" : null) ??
    specific(e.offered) ??
    e.offered[0];
  if (decided) return decided;
  return e.first === "bot" ? "broadcast" : "other";
}

export function classifyFlow(messages: readonly FlowMessage[]): BotFlow {
  const ordered = [...messages].sort((a, b) => a.at - b.at);
  return flowOfEvidence(ordered.reduce(addFlowEvidence, NO_FLOW_EVIDENCE));
}
