/** The demo shop's products, orders and wording: one place for the content the bot and the seeder use. */

export const SHOP_NAME = "Lumen & Loom";
export const SHOP_URL = "https://lumen-and-loom.example";

export interface Product {
  sku: string;
  name: string;
  price: number;
  blurb: string;
}

export const PRODUCTS: readonly Product[] = [
  {
    sku: "LL-1001",
    name: "Linen Throw Blanket",
    price: 89,
    blurb: "Stonewashed Belgian linen, 130 × 170 cm, in oat and sage.",
  },
  {
    sku: "LL-1002",
    name: "Ceramic Pour-Over Set",
    price: 54,
    blurb: "Hand-glazed dripper and carafe, holds 600 ml.",
  },
  {
    sku: "LL-1003",
    name: "Walnut Desk Lamp",
    price: 129,
    blurb: "Dimmable warm LED in solid walnut, USB-C powered.",
  },
  {
    sku: "LL-1004",
    name: "Merino Lounge Socks",
    price: 24,
    blurb: "Three pairs of soft merino socks, sizes S to XL.",
  },
  {
    sku: "LL-1005",
    name: "Beeswax Candle Trio",
    price: 38,
    blurb: "Pure beeswax, 40 hours each, cotton wicks.",
  },
  {
    sku: "LL-1006",
    name: "Stoneware Mug Pair",
    price: 32,
    blurb: "Speckled stoneware, 350 ml, dishwasher safe.",
  },
  {
    sku: "LL-1007",
    name: "Waffle Bath Towel",
    price: 46,
    blurb: "Quick-drying Turkish cotton waffle weave.",
  },
  {
    sku: "LL-1008",
    name: "Rattan Plant Stand",
    price: 72,
    blurb: "Handwoven rattan, fits pots up to 25 cm.",
  },
];

export function productBySku(sku: string): Product | undefined {
  return PRODUCTS.find((p) => p.sku === sku);
}

export const formatPrice = (amount: number): string => `$${amount.toFixed(2)}`;

/** Picture URLs are served by the emulator (no network needed). */
export function productImageUrl(publicUrl: string, sku: string): string {
  return `${publicUrl}/cdn/products/${sku}.svg`;
}

const CARRIERS = ["UPS", "USPS", "FedEx", "DHL Express"] as const;

export type OrderStatus = "processing" | "shipped" | "out_for_delivery" | "delivered" | "not_found";

/** The order status lookup the shipping flow performs: deterministic from the number, so replays agree. */
export function lookupOrder(orderNumber: string): {
  status: OrderStatus;
  carrier: string;
  tracking: string;
  eta: string;
} {
  const digits = orderNumber.replace(/\D/g, "");
  const n = Number(digits.slice(-4) || "0");
  const statuses: OrderStatus[] = [
    "processing",
    "shipped",
    "out_for_delivery",
    "delivered",
    "shipped",
    "not_found",
  ];
  const status = statuses[n % statuses.length] ?? "shipped";
  const carrier = CARRIERS[n % CARRIERS.length] ?? "UPS";
  const eta = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"][n % 5] ?? "Friday";
  return { status, carrier, tracking: `1Z${digits.padStart(8, "0").slice(-8)}${(n * 7) % 97}`, eta };
}

/** Quick-reply payloads and postback payloads the shop bot understands. */
export const PAYLOAD = {
  getStarted: "GET_STARTED",
  talkToHuman: "TALK_TO_HUMAN",
  trackOrder: "TRACK_ORDER",
  browse: "BROWSE_PRODUCTS",
  checkout: "COMPLETE_ORDER",
  cartQuestion: "CART_QUESTION",
  shopSale: "SHOP_SALE",
  thanks: "THANKS",
  review: (stars: number) => `REVIEW_${stars}`,
  moreInfo: (sku: string) => `MORE_INFO_${sku}`,
} as const;

export const TALK_TO_HUMAN_TITLE = "Talk to a human";
