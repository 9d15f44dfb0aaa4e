/** Which customer inputs ask for a human and which bot messages look like autoresponders. Pure. */

export interface HandoffRules {
  handoffPayloads: readonly string[];
  handoffPhrases: readonly string[];
  autoresponderPhrases: readonly string[];
}

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[’`]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function phraseMatches(text: string, phrases: readonly string[]): string | null {
  const said = normalise(text);
  if (!said) return null;
  for (const phrase of phrases) {
    const p = normalise(phrase);
    if (!p) continue;
    // One-word phrases ("human", "agent") count only as the whole message, so "the agent said" is not a request.
    if (p.includes(" ") ? ` ${said} `.includes(` ${p} `) : said === p) return phrase;
  }
  return null;
}

/** A quick-reply or postback payload that means "talk to a human". */
export function isHandoffPayload(payload: string | null | undefined, rules: HandoffRules): boolean {
  if (!payload) return false;
  const p = payload.trim().toUpperCase();
  return rules.handoffPayloads.some((h) => h.trim().toUpperCase() === p);
}

/** Why a customer's input asks for a human, or null. Titles and typed text are matched against the phrases. */
export function handoffRequestOf(
  input: { payload?: string | null; title?: string | null; text?: string | null },
  rules: HandoffRules,
): string | null {
  if (isHandoffPayload(input.payload, rules)) {
    return `The customer tapped “${input.title ?? input.text ?? input.payload}”`;
  }
  if (input.title) {
    const hit = phraseMatches(input.title, rules.handoffPhrases);
    if (hit) return `The customer tapped “${input.title}”`;
  }
  if (input.text) {
    const hit = phraseMatches(input.text, rules.handoffPhrases);
    if (hit) return `The customer asked for a human: “${input.text.length > 80 ? `${input.text.slice(0, 79)}…` : input.text}”`;
  }
  return null;
}

/** The autoresponder phrase a bot message contains, or null. */
export function autoresponderPhraseOf(text: string | null | undefined, rules: HandoffRules): string | null {
  if (!text) return null;
  const said = ` ${normalise(text)} `;
  for (const phrase of rules.autoresponderPhrases) {
    const p = normalise(phrase);
    if (p && said.includes(` ${p} `)) return phrase;
  }
  return null;
}
