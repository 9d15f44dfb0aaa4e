/** Which customer inputs ask for a human, which buttons are handoff buttons, and which bot messages look like autoresponders. Pure. */

import type { Attachment, QuickReplyOption } from "../../contract/timeline.ts";

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

/* ------------------------------------------------------------------------------------------------------------ */
/* Typed requests for a person, in English, Spanish, French, German, Portuguese and Italian.                     */
/* Words are written as `normalise` leaves them (lower case, no accents), apostrophes split ("d'un" is d, un).   */
/* ------------------------------------------------------------------------------------------------------------ */

const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));

/** Verbs of asking for, or talking to, someone. */
const REQUEST_VERBS = words(`
  talk speak chat connect connected contact reach need want get give transfer transferred escalate request prefer ask put
  hablar habla hablo hable charlar chatear contactar comunicar comunicarme conectar conectarme necesito necesitamos quiero quisiera queremos pasame pasarme atienda
  parler discuter contacter joindre veux voudrais voulons besoin passer relation
  sprechen reden chatten kontaktieren verbinden verbunden brauche brauchen mochte mochten will wollen hatte erreichen
  falar fala falo conversar contatar contactar quero queria gostaria preciso precisamos transferir
  parlare parlo chattare contattare voglio vorrei bisogno passami contatto
`);

/** People a customer asks for. Multi-word ones are matched as a sequence. */
const PERSON_NOUNS: readonly (readonly string[])[] = [
  ...[
    ...`human humans person agent agents someone somebody representative rep staff operator employee advisor adviser manager supervisor`.split(
      " ",
    ),
    ...`persona personas humano humana agente asesor asesora operador operadora representante alguien empleado`.split(
      " ",
    ),
    ...`humain humaine personne conseiller conseillere operateur operatrice representant`.split(" "),
    ...`mensch menschen mitarbeiter mitarbeiterin berater beraterin agenten jemand jemandem jemanden kundenservice kundendienst`.split(
      " ",
    ),
    ...`pessoa pessoas atendente alguem consultor consultora`.split(" "),
    ...`operatore operatrice umano consulente qualcuno addetto`.split(" "),
  ].map((w) => [w]),
  ["customer", "service"],
  ["customer", "support"],
  ["customer", "care"],
  ["support", "team"],
  ["service", "team"],
  ["sales", "team"],
  ["quelqu", "un"],
  ["service", "client"],
  ["atencion", "al", "cliente"],
];

/** Words that may stand between the verb and the person ("talk TO A REAL person", "hablar CON UNA persona"). */
const GAP_WORDS = words(`
  to with a an the me us your one of some real live actual human customer support proper for through please pls just directly be
  con al un una el la los las alguna algun de del por favor ser verdadera que
  au avec une le l d des du vrai vraie en moi etre mis mise
  mit zu an einem einen einer ein eine dem den der echten echte echter bitte gern gerne mal
  com ao o um uma do da atendimento
  uno lo il di della essere reale vero vera mi in per favore
`);

/** What may follow the person: the end, "please", a purpose or a topic, a clause ("someone WHO can help"). */
const FOLLOWERS = words(`
  please pls plz now asap thanks thank to about for regarding who that because from at on in with and or i me being here instead right today urgently of team
  real reale vera vero humana humano por favor para sobre que y o ya ahora urgente de del
  s si svp stp pour sur qui et ou maintenant du
  bitte jetzt sofort sprechen reden zu um uber der die und oder
  um do da agora e
  per su che subito adesso di
`);

/** Verbs that close a German-style request ("mit einem Mitarbeiter SPRECHEN"). */
const CLOSING_VERBS = words(
  `sprechen reden chatten verbunden verbinden kontaktieren parlare falar hablar parler`,
);
/** What must come before the person for a closing verb to make a request ("MIT einem Mitarbeiter sprechen"). */
const CLOSING_LEADS = words(`mit zu an einem einen einer jemandem`);

/** A negation right before the verb ("I don't want", "no quiero", "je ne veux", "non voglio", "nao quero"). */
const NEGATION_BEFORE = words(`not never no ne pas non nao nunca jamais dont doesnt didnt`);
const NEGATION_IN_GAP = words(`not nicht kein keinen keine pas`);
/** English contractions split at the apostrophe: "don t", "doesn t", "didn t". */
const NEGATED_AUXILIARIES = words(`don doesn didn won`);

/** A person asked for on their own: "human please", "a real person", "operator?" (and the longer PERSON_NOUNS: "customer service"). */
const STANDALONE_PERSONS = words(
  `human person agent operator representative humano persona agente operador humain conseiller operateur mensch mitarbeiter kundenservice kundendienst pessoa atendente operatore umano`,
);
const STANDALONE_EXTRAS = words(
  `a an the real live actual please pls plz now asap una un une ein einen einem bitte por favor per favore svp s il vous plait vraie vrai echten echter reale real vera`,
);

/** "real person", "live agent", "persona real", "vraie personne", "echten Menschen". */
const REAL_BEFORE = words(`real live actual vraie vrai echten echter echte`);
const REAL_AFTER = words(`real reale vera vero reelle`);
const REAL_NOUNS = words(`person people human agent persona humano pessoa personne humain menschen mensch`);

/** How many small words may stand between the verb and the person. */
const MAX_GAP = 4;

function tokensOf(text: string): string[] {
  return normalise(text).replace(/'/g, " ").split(" ").filter(Boolean);
}

/** Configured phrases are few and fixed: their tokens are worked out once. */
const phraseTokenCache = new Map<string, string[]>();
function phraseTokens(phrase: string): string[] {
  let tokens = phraseTokenCache.get(phrase);
  if (!tokens) {
    tokens = tokensOf(phrase);
    if (phraseTokenCache.size < 1000) phraseTokenCache.set(phrase, tokens);
  }
  return tokens;
}

const LONG_PERSON_NOUNS = PERSON_NOUNS.filter((n) => n.length > 1);
const SHORT_PERSON_NOUNS = new Set(PERSON_NOUNS.filter((n) => n.length === 1).map((n) => n[0] ?? ""));

/** The length of the person noun starting at i, or 0. */
function personAt(tokens: readonly string[], i: number): number {
  for (const noun of LONG_PERSON_NOUNS) {
    if (noun.every((w, k) => tokens[i + k] === w)) return noun.length;
  }
  return SHORT_PERSON_NOUNS.has(tokens[i] ?? "") ? 1 : 0;
}

function negatedBefore(tokens: readonly string[], verbAt: number): boolean {
  const prev = tokens[verbAt - 1];
  if (prev === undefined) return false;
  if (NEGATION_BEFORE.has(prev)) return true;
  // "don't want" arrives as "don t want".
  return prev === "t" && NEGATED_AUXILIARIES.has(tokens[verbAt - 2] ?? "");
}

/** A negation before the verb at `verbAt` or an earlier verb of its chain ("I don't WANT to TALK to a human"). */
function chainNegated(tokens: readonly string[], verbAt: number): boolean {
  for (let k = verbAt; k >= 0 && k >= verbAt - MAX_GAP; k--) {
    const t = tokens[k] ?? "";
    if (REQUEST_VERBS.has(t)) {
      if (negatedBefore(tokens, k)) return true;
    } else if (!GAP_WORDS.has(t)) {
      return false;
    }
  }
  return false;
}

/**
 * The configured phrase the text says, or null. One-word phrases ("human", "agent") count only as the whole message,
 * so "the agent said" is not a request; longer ones anywhere in it, unless negated ("I don't want to talk to a human").
 */
function phraseMatches(text: string, phrases: readonly string[]): string | null {
  const said = tokensOf(text);
  if (said.length === 0) return null;
  for (const phrase of phrases) {
    const p = phraseTokens(phrase);
    if (p.length === 0) continue;
    if (p.length === 1) {
      if (said.length === 1 && said[0] === p[0]) return phrase;
      continue;
    }
    for (let i = 0; i + p.length <= said.length; i++) {
      if (p.every((w, k) => said[i + k] === w) && !negatedBefore(said, i) && !chainNegated(said, i - 1))
        return phrase;
    }
  }
  return null;
}

/**
 * Whether typed text asks for a person: a request verb, at most four small words, then a person ("can I chat with an
 * agent", "quiero hablar con una persona"), or a person and a closing verb ("mit einem Mitarbeiter sprechen"), or a
 * person on their own ("human please"), or a real person. The person must end the clause or be followed by a word
 * that keeps it a person ("to help me", "please", "about my order"), so "I want a human hair wig" is not a request.
 */
export function asksForPerson(text: string): boolean {
  const tokens = tokensOf(text);
  if (tokens.length === 0) return false;

  // A person on their own, with articles and "please" around it: "human please", "Customer service", "a real person".
  const core = tokens.filter((t) => !STANDALONE_EXTRAS.has(t));
  if (core.length === 1 && STANDALONE_PERSONS.has(core[0] ?? "")) return true;
  if (
    core.length > 1 &&
    LONG_PERSON_NOUNS.some((noun) => noun.length === core.length && noun.every((w, k) => core[k] === w))
  )
    return true;

  for (let i = 0; i < tokens.length; i++) {
    const length = personAt(tokens, i);
    if (length === 0) continue;
    const after = tokens[i + length];
    const followed = after === undefined || FOLLOWERS.has(after);
    const noun = tokens[i] ?? "";

    // "real person", "persona real", where the clause ends or goes on as a request ("a real person please").
    if (REAL_NOUNS.has(noun)) {
      if (followed && REAL_BEFORE.has(tokens[i - 1] ?? "")) return true;
      const next = tokens[i + length + 1];
      if (REAL_AFTER.has(after ?? "") && (next === undefined || FOLLOWERS.has(next))) return true;
    }

    // Verb first: walk back over gap words to a request verb.
    if (followed) {
      for (let j = i - 1, gap = 0; j >= 0 && gap <= MAX_GAP; j--, gap++) {
        const t = tokens[j] ?? "";
        if (NEGATION_IN_GAP.has(t)) break;
        if (REQUEST_VERBS.has(t)) {
          if (!chainNegated(tokens, j)) return true;
          break;
        }
        if (!GAP_WORDS.has(t)) break;
      }
    }

    // Person first, closing verb after ("mit einem Mitarbeiter sprechen", "einen Menschen zu sprechen").
    const closing = after === "zu" ? tokens[i + length + 1] : after;
    if (closing !== undefined && CLOSING_VERBS.has(closing)) {
      const lead = tokens.slice(Math.max(0, i - MAX_GAP), i);
      if (lead.some((t) => CLOSING_LEADS.has(t)) && !lead.some((t) => NEGATION_IN_GAP.has(t))) return true;
    }
  }
  return false;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Buttons                                                                                                       */
/* ------------------------------------------------------------------------------------------------------------ */

/** A button title as Baton compares it: normalised (case, accents, emoji and punctuation dropped), at most 200 characters. */
export function titleKey(title: string): string {
  return normalise(title).slice(0, 200);
}

/** A quick-reply or postback payload that means "talk to a human". */
function isHandoffPayload(
  payload: string | null | undefined,
  rules: Pick<HandoffRules, "handoffPayloads">,
): boolean {
  if (!payload) return false;
  const p = payload.trim().toUpperCase();
  return rules.handoffPayloads.some((h) => h.trim().toUpperCase() === p);
}

/** Where a button was seen: a quick reply, a button template, a card or carousel (generic template), another template. */
export type ButtonSource =
  "quick_reply" | "button_template" | "generic_template" | "persistent_menu" | `${string}_template`;

/** A button or chip the Page offered the customer, with its payload (buttons without one, links, are left out). */
export interface OfferedButton {
  key: string;
  title: string;
  payload: string;
  source: ButtonSource;
  handoff: boolean;
}

/** A handoff button title the Page's bot has used, as learned from its messages (table handoff_buttons). */
export interface LearnedHandoffTitle {
  title: string;
  payload: string;
  source: string;
}

/** Every button and chip a Page message offers that can send a payload back, each marked handoff or not. */
export function buttonsOffered(
  message: { attachments: readonly Attachment[]; quickReplies: readonly QuickReplyOption[] },
  rules: Pick<HandoffRules, "handoffPayloads">,
): OfferedButton[] {
  const out: OfferedButton[] = [];
  const add = (title: string, payload: string | null, source: ButtonSource) => {
    const key = titleKey(title);
    if (!key || !payload) return;
    out.push({ key, title, payload, source, handoff: isHandoffPayload(payload, rules) });
  };
  for (const q of message.quickReplies) add(q.title, q.payload, "quick_reply");
  for (const a of message.attachments) {
    if (a.type !== "template") continue;
    const source: ButtonSource =
      a.templateType === "button"
        ? "button_template"
        : a.templateType === "generic"
          ? "generic_template"
          : `${a.templateType}_template`;
    for (const b of a.buttons) add(b.title, b.payload, source);
    for (const e of a.elements) for (const b of e.buttons) add(b.title, b.payload, source);
  }
  return out;
}

/**
 * What Baton knows about the buttons a tap may come from. `offered`: the buttons offered in this conversation, newest
 * first (the conversation's state). `learned`: the Page's handoff titles learned from the bot (any conversation).
 * The conversation wins: a title it last offered with a payload that is not a handoff payload is not taken for a
 * handoff because the Page once used the same title for one (the phrase rules still apply to it).
 */
export interface ButtonKnowledge {
  offered?: readonly OfferedButton[];
  learned?: ReadonlyMap<string, LearnedHandoffTitle>;
}

const quote = (s: string) => `“${s.length > 80 ? `${s.slice(0, 79)}…` : s}”`;

/**
 * Why a customer's input asks for a human, or null. In order: a handoff payload; a title the bot uses for a handoff
 * button (offered in this conversation, else learned for the Page), which is how a standby postback or a chip whose
 * payload Meta left out is recognised; then the configured phrases and the typed-request rules, on the title or text.
 */
export function handoffRequestOf(
  input: { payload?: string | null; title?: string | null; text?: string | null },
  rules: HandoffRules,
  known: ButtonKnowledge = {},
): string | null {
  if (isHandoffPayload(input.payload, rules)) {
    return `The customer tapped ${quote(input.title ?? input.text ?? input.payload ?? "")}`;
  }
  const label = input.title ?? input.text ?? null;
  const key = label ? titleKey(label) : "";
  if (label && key) {
    const offered = known.offered?.find((b) => b.key === key);
    if (offered?.handoff)
      return `The customer tapped ${quote(label)}, the bot's handoff button (payload ${offered.payload})`;
    const learned = offered ? undefined : known.learned?.get(key);
    if (learned)
      return `The customer tapped ${quote(label)}, a handoff button the bot uses on this Page (payload ${learned.payload})`;
  }
  if (input.title && (phraseMatches(input.title, rules.handoffPhrases) || asksForPerson(input.title))) {
    return `The customer tapped ${quote(input.title)}`;
  }
  if (input.text && (phraseMatches(input.text, rules.handoffPhrases) || asksForPerson(input.text))) {
    return `The customer asked for a human: ${quote(input.text)}`;
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
