import { describe, expect, it } from "vitest";
import type { BotFlow } from "../../contract/review.ts";
import { classifyFlow, flowOfPayload, flowOfText, type FlowMessage } from "./flow.ts";

const bot = (at: number, text: string | null, offeredPayloads: string[] = []): FlowMessage => ({
  author: "bot",
  at,
  text,
  offeredPayloads,
});
const customer = (at: number, text: string | null, payload: string | null = null): FlowMessage => ({
  author: "customer",
  at,
  text,
  payload,
});

describe("the bot's flow of a conversation", () => {
  const rows: [string, FlowMessage[], BotFlow][] = [
    [
      "a cart reminder the bot sent first is an abandoned cart",
      [
        bot(1, "Hey Ana, you left something in your cart 🛒 ($39)"),
        bot(2, "Finish your order today", ["COMPLETE_ORDER"]),
      ],
      "abandoned_cart",
    ],
    [
      "tapping a checkout payload is an abandoned cart, whatever the bot said",
      [bot(1, "Hi there!"), customer(2, "Complete", "BOT_CHECKOUT_NOW")],
      "abandoned_cart",
    ],
    [
      "a Spanish cart reminder is an abandoned cart",
      [bot(1, "Hola Ana, te dejaste algo en el carrito 🛒")],
      "abandoned_cart",
    ],
    [
      "a German cart reminder is an abandoned cart",
      [bot(1, "Hey Ana, da liegt noch etwas in deinem Warenkorb")],
      "abandoned_cart",
    ],
    [
      "asking for the order number is shipping",
      [customer(1, "where is my parcel"), bot(2, "Sure! What's your order number?")],
      "shipping",
    ],
    [
      "a tapped tracking chip after the welcome is shipping",
      [
        customer(1, "Get started", "GET_STARTED"),
        bot(2, "Hi Ana! Welcome to the shop", ["TRACK_ORDER", "BROWSE_PRODUCTS"]),
        customer(3, "📦 Track my order", "TRACK_ORDER"),
      ],
      "shipping",
    ],
    [
      "a French tracking answer is shipping",
      [customer(1, "#1234"), bot(2, "La commande #1234 est partie avec UPS (suivi 1Z99).")],
      "shipping",
    ],
    [
      "a German tracking answer is shipping",
      [customer(1, "#1234"), bot(2, "Bestellung #1234 ist mit DHL unterwegs (Sendung 00340).")],
      "shipping",
    ],
    [
      "a rating request with star chips is a product review",
      [
        bot(1, "Hi Ana! Your Linen Shirt arrived last week. How would you rate it?", [
          "REVIEW_1",
          "REVIEW_5",
        ]),
      ],
      "review",
    ],
    [
      "a tapped rating payload is a product review",
      [bot(1, "Hi Ana!"), customer(2, "⭐⭐⭐⭐", "RATING_4")],
      "review",
    ],
    [
      "a Spanish rating request is a product review",
      [bot(1, "¡Hola Ana! Tu camisa llegó la semana pasada. ¿Qué nota le pones?")],
      "review",
    ],
    [
      "Get Started and a welcome message is welcome",
      [
        customer(1, "Get started", "GET_STARTED"),
        bot(2, "Hi Ana! 👋 Welcome to Hoppy Goods.", ["TRACK_ORDER"]),
      ],
      "welcome",
    ],
    [
      "a welcome in French is welcome",
      [customer(1, "bonjour"), bot(2, "Bonjour Ana ! 👋 Bienvenue chez Hoppy Goods.")],
      "welcome",
    ],
    [
      "chips the welcome only offered do not make it shipping",
      [customer(1, "hi"), bot(2, "Willkommen bei Hoppy Goods!", ["TRACK_ORDER"])],
      "welcome",
    ],
    [
      "a sale the bot sent first with no clue is a broadcast",
      [bot(1, "🔥 Spring sale: 25% off everything until Sunday!", ["SHOP_SALE", "MORE_INFO_SKU1"])],
      "broadcast",
    ],
    [
      "a broadcast stays one when the customer answers it",
      [bot(1, "🔥 Spring sale!"), customer(2, "nice"), bot(3, "Anything catch your eye?")],
      "broadcast",
    ],
    [
      "an offered tracking chip decides when nothing else does",
      [customer(1, "hello?"), bot(2, "I can help with that.", ["TRACK_ORDER"])],
      "shipping",
    ],
    [
      "a customer's question the bot answered with no clue is other",
      [customer(1, "do you sell gift cards"), bot(2, "Sorry, I didn't quite get that.")],
      "other",
    ],
    ["no messages at all is other", [], "other"],
  ];
  it.each(rows)("%s", (_name, messages, expected) => {
    expect(classifyFlow(messages)).toBe(expected);
  });

  it("reads messages in time order, whatever order they come in", () => {
    expect(classifyFlow([bot(5, "Anything else?"), bot(1, "🔥 Spring sale!")])).toBe("broadcast");
    expect(classifyFlow([bot(5, "Anything else?"), customer(1, "hey")])).toBe("other");
  });
});

describe("payload and text clues", () => {
  const payloads: [string, ReturnType<typeof flowOfPayload>][] = [
    ["COMPLETE_ORDER", "abandoned_cart"],
    ["CART_QUESTION", "abandoned_cart"],
    ["TRACK_ORDER", "shipping"],
    ["ORDER_STATUS", "shipping"],
    ["REVIEW_5", "review"],
    ["GET_STARTED", "welcome"],
    ["GET_COUPON", null],
    ["MORE_INFO_SKU1", null],
    ["", null],
  ];
  it.each(payloads)("payload %s gives %s", (payload, expected) => {
    expect(flowOfPayload(payload)).toBe(expected);
  });

  const texts: [string, ReturnType<typeof flowOfText>][] = [
    ["Here's your checkout link", "abandoned_cart"],
    ["Thank you for the 5-star review!", "review"],
    ["Order #1 shipped with UPS", "shipping"],
    ["Welcome!", "welcome"],
    ["I can help with orders and products", null],
    ["Carts and carriers", null],
  ];
  it.each(texts)("text %j gives %s", (text, expected) => {
    expect(flowOfText(text)).toBe(expected);
  });
});
