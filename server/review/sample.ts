import { createHmac } from "node:crypto";
import { botFlow, type BotFlow } from "../../contract/review.ts";

/**
 * The random daily review sample (issue 10): a configurable share of one day's bot resolutions, stratified by the
 * bot's flow, which is what the false-resolution rate is measured on. Pure and deterministic: the order inside a
 * stratum is an HMAC of the day and the resolution id under a server secret, so the same day always gives the same
 * sample (anyone with the secret can reproduce it), while nobody without it can predict or steer which conversations
 * are drawn. It draws from every resolution of the day, flagged or not: the targeted queue sources are chosen by
 * rules and would bias the rate, the sample is chosen by chance only.
 */

export interface SampleCandidate {
  id: string;
  flow: BotFlow;
}

export interface SampleDraw {
  id: string;
  stratum: BotFlow;
}

/**
 * How many to draw from each stratum: proportional to its size (share × size, rounded by largest remainder so the
 * total is share × all, rounded), and at least one from every non-empty stratum, never more than it holds.
 * A share of 0 draws nothing.
 */
export function allocate(sizes: ReadonlyMap<BotFlow, number>, share: number): Map<BotFlow, number> {
  const out = new Map<BotFlow, number>();
  const strata = botFlow.options.filter((f) => (sizes.get(f) ?? 0) > 0);
  if (share <= 0 || strata.length === 0) return out;
  const clamped = Math.min(1, share);
  const total = strata.reduce((sum, f) => sum + (sizes.get(f) ?? 0), 0);
  const target = Math.round(clamped * total);
  const remainders: { flow: BotFlow; rest: number }[] = [];
  let given = 0;
  for (const f of strata) {
    const exact = clamped * (sizes.get(f) ?? 0);
    const n = Math.floor(exact);
    out.set(f, n);
    given += n;
    remainders.push({ flow: f, rest: exact - n });
  }
  // Largest remainders first; ties in the contract's order of flows (stable sort).
  remainders.sort((a, b) => b.rest - a.rest);
  for (const { flow } of remainders) {
    if (given >= target) break;
    out.set(flow, (out.get(flow) ?? 0) + 1);
    given += 1;
  }
  for (const f of strata) out.set(f, Math.min(sizes.get(f) ?? 0, Math.max(1, out.get(f) ?? 0)));
  return out;
}

/** The key that orders a resolution inside its day's strata: unpredictable without the secret. */
function sampleKey(secret: string, day: string, id: string): string {
  return createHmac("sha256", secret).update(`review-sample\u0000${day}\u0000${id}`).digest("hex");
}

/** The day's sample: the resolutions with the smallest keys of each stratum, as many as `allocate` gives it. */
export function drawSample(
  candidates: readonly SampleCandidate[],
  options: { day: string; secret: string; share: number },
): SampleDraw[] {
  const byFlow = new Map<BotFlow, { id: string; key: string }[]>();
  for (const c of candidates) {
    const list = byFlow.get(c.flow) ?? [];
    list.push({ id: c.id, key: sampleKey(options.secret, options.day, c.id) });
    byFlow.set(c.flow, list);
  }
  const quotas = allocate(new Map([...byFlow].map(([f, list]) => [f, list.length])), options.share);
  const out: SampleDraw[] = [];
  for (const flow of botFlow.options) {
    const list = byFlow.get(flow);
    const quota = quotas.get(flow) ?? 0;
    if (!list || quota === 0) continue;
    list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1));
    for (const item of list.slice(0, quota)) out.push({ id: item.id, stratum: flow });
  }
  return out;
}
