/** A realistic mix of Messenger webhook traffic for a shop bot beside Baton, deterministic from a seed. */

const BENCH_PAGE = "BENCHPAGE";
export const BENCH_BOT = "1001";
export const BENCH_BATON = "2002";

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Event = Record<string, unknown>;

/**
 * Conversations as Meta delivers them: each customer's events in order, batched 1 to 8 per POST, with bot echoes
 * (text, quick replies, cards), chip taps, free text, handoffs, deliveries, reads and reactions.
 */
export function webhookMix(conversations: number, seed = 7): { bodies: string[]; events: number } {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const start = Date.now() - 3_600_000;
  const streams: Event[][] = [];
  let mid = 0;
  for (let c = 0; c < conversations; c++) {
    const psid = `B${c}`;
    let at = start + c * 50;
    const customer = { sender: { id: psid }, recipient: { id: BENCH_PAGE } };
    const page = { sender: { id: BENCH_PAGE }, recipient: { id: psid } };
    const events: Event[] = [];
    const bot = (message: Record<string, unknown>) =>
      events.push({
        ...page,
        timestamp: (at += 800),
        message: { is_echo: true, app_id: Number(BENCH_BOT), mid: `b${++mid}`, ...message },
      });
    const chips = [
      { content_type: "text", title: "Track my order", payload: "TRACK" },
      { content_type: "text", title: "Shipping times", payload: "SHIPPING" },
      { content_type: "text", title: "Talk to a human", payload: "HUMAN" },
    ];
    bot({ text: "Hi! 👋 Welcome to the shop. How can we help?", quick_replies: chips });
    const turns = 2 + Math.floor(rand() * 5);
    for (let t = 0; t < turns; t++) {
      const r = rand();
      if (r < 0.35)
        events.push({
          ...customer,
          timestamp: (at += 4000),
          message: {
            mid: `c${++mid}`,
            text: pick(chips).title,
            quick_reply: { payload: pick(chips).payload },
          },
        });
      else if (r < 0.7)
        events.push({
          ...customer,
          timestamp: (at += 6000),
          message: {
            mid: `c${++mid}`,
            text: pick([
              "Where is my parcel?",
              "Do you ship to Canada?",
              "Is the blue one in stock?",
              "My discount code does not work",
            ]),
          },
        });
      else if (r < 0.8)
        events.push({
          ...customer,
          timestamp: (at += 3000),
          message: {
            mid: `c${++mid}`,
            attachments: [{ type: "image", payload: { url: "https://cdn.example/photo.jpg" } }],
          },
        });
      else
        events.push({
          ...customer,
          timestamp: (at += 2000),
          postback: { title: "View cart", payload: "VIEW_CART", mid: `pb${++mid}` },
        });
      if (rand() < 0.8) {
        if (rand() < 0.3) {
          bot({
            attachment: {
              type: "template",
              payload: {
                template_type: "generic",
                elements: [
                  {
                    title: "Blue sneakers",
                    subtitle: "$89",
                    image_url: "https://cdn.example/s.jpg",
                    buttons: [{ type: "web_url", title: "Checkout", url: "https://shop.example/cart" }],
                  },
                ],
              },
            },
          });
        } else
          bot({
            text: pick([
              "Your order #1042 ships today 🚚",
              "We ship worldwide in 3-5 days.",
              "Yes, it is in stock!",
              "Okay",
            ]),
            quick_replies: chips,
          });
      }
      events.push({ ...customer, timestamp: (at += 500), delivery: { mids: [], watermark: at } });
      if (rand() < 0.6) events.push({ ...customer, timestamp: (at += 900), read: { watermark: at } });
      if (rand() < 0.05)
        events.push({
          ...customer,
          timestamp: (at += 900),
          reaction: { mid: `b${mid}`, action: "react", reaction: "love", emoji: "❤" },
        });
    }
    if (rand() < 0.25) {
      events.push({
        ...customer,
        timestamp: (at += 3000),
        message: { mid: `c${++mid}`, text: "Talk to a human", quick_reply: { payload: "HUMAN" } },
      });
      events.push({
        ...customer,
        timestamp: (at += 300),
        pass_thread_control: {
          new_owner_app_id: BENCH_BATON,
          previous_owner_app_id: BENCH_BOT,
          metadata: "customer asked",
        },
      });
    }
    streams.push(events);
  }
  // Interleave conversations the way a busy Page's webhook does, a few events per POST.
  const bodies: string[] = [];
  let total = 0;
  const cursors = streams.map(() => 0);
  let live = streams.map((_, i) => i);
  while (live.length > 0) {
    const batch: Event[] = [];
    const size = 1 + Math.floor(rand() * 8);
    while (batch.length < size && live.length > 0) {
      const i = pick(live);
      const stream = streams[i] ?? [];
      const cursor = cursors[i] ?? 0;
      batch.push(stream[cursor] as Event);
      cursors[i] = cursor + 1;
      if (cursor + 1 >= stream.length) live = live.filter((x) => x !== i);
    }
    total += batch.length;
    bodies.push(
      JSON.stringify({
        object: "page",
        entry: [{ id: BENCH_PAGE, time: Date.now(), messaging: [], standby: batch }],
      }),
    );
  }
  return { bodies, events: total };
}
