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

type Clue = Exclude<BotFlow, "broadcast" | "other">;
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

export function classifyFlow(messages: readonly FlowMessage[]): BotFlow {
  const ordered = [...messages].sort((a, b) => a.at - b.at);
  const tapped: Clue[] = [];
  const said: Clue[] = [];
  const offered: Clue[] = [];
  for (const m of ordered) {
    if (m.author === "customer") {
      const clue = m.payload ? flowOfPayload(m.payload) : null;
      if (clue) tapped.push(clue);
      continue;
    }
    const fromText = m.text ? flowOfText(m.text) : null;
    if (fromText) said.push(fromText);
    for (const p of m.offeredPayloads ?? []) {
      const clue = flowOfPayload(p);
      if (clue) offered.push(clue);
    }
  }
  const welcomed = tapped.includes("welcome") || said.includes("welcome");
  const decided =
    specific(tapped) ?? specific(said) ?? (welcomed ? "welcome" : null) ?? specific(offered) ?? offered[0];
  if (decided) return decided;
  const first = ordered[0];
  return first?.author === "bot" ? "broadcast" : "other";
}
