import { z } from "zod";
import { PAYLOAD, SHOP_NAME, TALK_TO_HUMAN_TITLE } from "./catalog.ts";

/**
 * The shop bot as shops configure it: its language, what its "talk to a human" button says and carries, and how it
 * offers that button (a quick reply, a button template, or a button on a card). Baton has to recognise every one of
 * them, including a button tap that reaches it on standby without its payload.
 */

export const botLanguage = z.enum(["en", "es", "fr", "de"]);
export type BotLanguage = z.infer<typeof botLanguage>;

/** How the bot offers the handoff: a chip, a button template's button, or a button on a card (generic template). */
export const handoffStyle = z.enum(["quick_reply", "button_template", "carousel"]);
export type HandoffStyle = z.infer<typeof handoffStyle>;

/**
 * Named wordings seen on real shop bots. Titles stay within Meta's 20 characters (the emulator refuses longer ones,
 * as Meta does), so "Hablar con una persona" (22) is "Hablar con un agente"; payloads are among Baton's default
 * HANDOFF_PAYLOADS, which is how Baton learns the title.
 */
export const botVariantName = z.enum([
  "classic",
  "chat_with_an_agent",
  "talk_to_human",
  "customer_service",
  "spanish",
  "french",
  "german",
]);
export type BotVariantName = z.infer<typeof botVariantName>;

export interface BotVariant {
  name: BotVariantName | "custom";
  language: BotLanguage;
  handoffTitle: string;
  handoffPayload: string;
  handoffStyle: HandoffStyle;
}

const VARIANTS: Record<
  BotVariantName,
  { language: BotLanguage; handoffTitle: string; handoffPayload: string }
> = {
  classic: { language: "en", handoffTitle: `🙋 ${TALK_TO_HUMAN_TITLE}`, handoffPayload: PAYLOAD.talkToHuman },
  chat_with_an_agent: { language: "en", handoffTitle: "Chat with an agent", handoffPayload: "LIVE_AGENT" },
  talk_to_human: { language: "en", handoffTitle: "Talk to human", handoffPayload: "HUMAN" },
  customer_service: { language: "en", handoffTitle: "Customer service", handoffPayload: "HANDOFF" },
  spanish: { language: "es", handoffTitle: "Hablar con un agente", handoffPayload: "HUMAN_AGENT" },
  french: { language: "fr", handoffTitle: "Parler à quelqu'un", handoffPayload: "TALK_TO_AGENT" },
  german: { language: "de", handoffTitle: "Mit Mensch sprechen", handoffPayload: "HUMAN_AGENT" },
};

/** A customer's bot options, as the control API takes them: a named variant, each part overridable. */
export const botOptions = z.object({
  variant: botVariantName.optional(),
  language: botLanguage.optional(),
  handoffTitle: z.string().trim().min(1).max(20, "Meta limits button titles to 20 characters").optional(),
  handoffPayload: z.string().trim().min(1).max(1000).optional(),
  handoffStyle: handoffStyle.optional(),
});
export type BotOptions = z.infer<typeof botOptions>;

export const CLASSIC_VARIANT: BotVariant = {
  name: "classic",
  ...VARIANTS.classic,
  handoffStyle: "quick_reply",
};

/** The variant for these options: the named one (classic by default) with any part the options set replaced. */
export function resolveVariant(options: BotOptions = {}): BotVariant {
  const name = options.variant ?? "classic";
  const base = VARIANTS[name];
  const custom =
    options.handoffTitle !== undefined ||
    options.handoffPayload !== undefined ||
    options.language !== undefined;
  return {
    name: custom ? "custom" : name,
    language: options.language ?? base.language,
    handoffTitle: options.handoffTitle ?? base.handoffTitle,
    handoffPayload: options.handoffPayload ?? base.handoffPayload,
    handoffStyle: options.handoffStyle ?? "quick_reply",
  };
}

export function variantOptions(): {
  name: BotVariantName;
  language: BotLanguage;
  handoffTitle: string;
  handoffPayload: string;
}[] {
  return botVariantName.options.map((name) => ({ name, ...VARIANTS[name] }));
}

/** Every payload any variant uses for the handoff: the bot understands all of them, whatever it offers. */
export const HANDOFF_PAYLOADS: ReadonlySet<string> = new Set(
  Object.values(VARIANTS).map((v) => v.handoffPayload),
);

/** Everything the bot says, per language. Product names and blurbs stay as the catalogue has them. */
export interface BotTexts {
  welcome: (first: string) => string;
  trackOrder: string;
  browse: string;
  thanksChip: string;
  completeOrder: string;
  cartQuestionChip: string;
  shopSale: string;
  shippingIntro: (first: string) => string;
  askOrderNumber: string;
  checkoutLink: (url: string) => string;
  cartQuestion: string;
  youreWelcome: string;
  reviewThanks: (stars: number) => string;
  reviewSorry: string;
  gotAttachment: string;
  didNotGetIt: string;
  canHelpWith: string;
  autoresponder: string;
  okay: string;
  cartReminder: (first: string, total: string) => string;
  qty: string;
  checkout: string;
  cartDiscount: string;
  reviewRequest: (first: string, product: string) => string;
  sale: string;
  catchYourEye: string;
  favourites: string;
  shopNow: string;
  tellMeMore: string;
  buyNow: string;
  productDetails: (name: string, blurb: string, price: string) => string;
  needAHand: string;
  teamAnswers: string;
  checkboxThanks: string;
  order: {
    processing: (n: string) => string;
    shipped: (n: string, carrier: string, tracking: string, eta: string) => string;
    out_for_delivery: (n: string, carrier: string) => string;
    delivered: (n: string, eta: string) => string;
    not_found: (n: string) => string;
  };
  /** How a customer asks for a person in words, when no button is offered. */
  askForHuman: string;
}

export const BOT_TEXTS: Record<BotLanguage, BotTexts> = {
  en: {
    welcome: (first) =>
      `Hi ${first}! 👋 Welcome to ${SHOP_NAME}. I'm the shop assistant. What can I help you with today?`,
    trackOrder: "📦 Track my order",
    browse: "🛍 Browse products",
    thanksChip: "👍 Thanks",
    completeOrder: "✅ Complete my order",
    cartQuestionChip: "❓ I have a question",
    shopSale: "🛍 Shop the sale",
    shippingIntro: (first) =>
      `Hi ${first}! Want to know where your order is? Send me your order number (it starts with #).`,
    askOrderNumber:
      "Sure! What's your order number? You'll find it in your confirmation email (it starts with #).",
    checkoutLink: (url) => `Here's your checkout link: ${url} (code COMEBACK10 is applied automatically).`,
    cartQuestion: "Of course! What would you like to know about your cart?",
    youreWelcome: "You're welcome! Have a lovely day 😊",
    reviewThanks: (n) => `Thank you for the ${n}-star review! 💛 It means a lot to our small team.`,
    reviewSorry: "Sorry it wasn't a 5-star experience. What could we have done better?",
    gotAttachment: "Thanks for sending that!",
    didNotGetIt: "Sorry, I didn't quite get that.",
    canHelpWith: "I can help with orders and products, or connect you with our team.",
    autoresponder: "Thanks for your message! We'll get back to you soon.",
    okay: "Okay",
    cartReminder: (first, total) => `Hey ${first}, you left something in your cart 🛒 (${total})`,
    qty: "qty 1",
    checkout: "Checkout",
    cartDiscount: "Finish your order today and get 10% off with code COMEBACK10.",
    reviewRequest: (first, product) =>
      `Hi ${first}! Your ${product} arrived last week. How would you rate it?`,
    sale: "🔥 Spring sale: 25% off everything until Sunday!",
    catchYourEye: "Anything catch your eye?",
    favourites: "Here are this week's favourites:",
    shopNow: "Shop now",
    tellMeMore: "Tell me more",
    buyNow: "Buy now",
    productDetails: (name, blurb, price) => `${name}: ${blurb} ${price}, free shipping over $50.`,
    needAHand: "Need a hand?",
    teamAnswers: "Our team answers within a few hours.",
    checkboxThanks: "Thanks for subscribing! We'll send your order updates here.",
    order: {
      processing: (n) => `Order #${n} is being packed and ships within 1–2 business days.`,
      shipped: (n, carrier, tracking, eta) =>
        `Order #${n} shipped with ${carrier} (tracking ${tracking}). Expected ${eta}.`,
      out_for_delivery: (n, carrier) => `Good news: order #${n} is out for delivery with ${carrier} today!`,
      delivered: (n, eta) => `Order #${n} was delivered on ${eta}. Hope you love it!`,
      not_found: (n) => `I couldn't find order #${n}. Could you double-check the number?`,
    },
    askForHuman: `Can I ${TALK_TO_HUMAN_TITLE.toLowerCase()} please?`,
  },
  es: {
    welcome: (first) =>
      `¡Hola ${first}! 👋 Bienvenido a ${SHOP_NAME}. Soy el asistente de la tienda. ¿En qué puedo ayudarte hoy?`,
    trackOrder: "📦 Seguir mi pedido",
    browse: "🛍 Ver productos",
    thanksChip: "👍 Gracias",
    completeOrder: "✅ Terminar mi compra",
    cartQuestionChip: "❓ Tengo una duda",
    shopSale: "🛍 Ver las ofertas",
    shippingIntro: (first) =>
      `¡Hola ${first}! ¿Quieres saber dónde está tu pedido? Envíame el número de pedido (empieza por #).`,
    askOrderNumber:
      "¡Claro! ¿Cuál es tu número de pedido? Lo encontrarás en el correo de confirmación (empieza por #).",
    checkoutLink: (url) => `Aquí tienes el enlace para pagar: ${url} (el código COMEBACK10 se aplica solo).`,
    cartQuestion: "¡Por supuesto! ¿Qué quieres saber de tu carrito?",
    youreWelcome: "¡De nada! Que tengas un buen día 😊",
    reviewThanks: (n) => `¡Gracias por las ${n} estrellas! 💛 Significa mucho para nuestro pequeño equipo.`,
    reviewSorry: "Sentimos que no haya sido una experiencia de 5 estrellas. ¿Qué podríamos mejorar?",
    gotAttachment: "¡Gracias por enviarlo!",
    didNotGetIt: "Perdona, no lo he entendido.",
    canHelpWith: "Puedo ayudarte con pedidos y productos, o ponerte en contacto con nuestro equipo.",
    autoresponder: "¡Gracias por tu mensaje! Te responderemos pronto.",
    okay: "Vale",
    cartReminder: (first, total) => `Hola ${first}, te dejaste algo en el carrito 🛒 (${total})`,
    qty: "cant. 1",
    checkout: "Pagar",
    cartDiscount: "Termina tu pedido hoy y obtén un 10 % de descuento con el código COMEBACK10.",
    reviewRequest: (first, product) =>
      `¡Hola ${first}! Tu ${product} llegó la semana pasada. ¿Qué nota le pones?`,
    sale: "🔥 Rebajas de primavera: ¡25 % en todo hasta el domingo!",
    catchYourEye: "¿Te gusta algo?",
    favourites: "Estos son los favoritos de la semana:",
    shopNow: "Comprar",
    tellMeMore: "Más información",
    buyNow: "Comprar ahora",
    productDetails: (name, blurb, price) => `${name}: ${blurb} ${price}, envío gratis a partir de 50 $.`,
    needAHand: "¿Necesitas ayuda?",
    teamAnswers: "Nuestro equipo responde en unas horas.",
    checkboxThanks: "¡Gracias por suscribirte! Te enviaremos aquí las novedades de tu pedido.",
    order: {
      processing: (n) => `El pedido #${n} se está preparando y sale en 1–2 días laborables.`,
      shipped: (n, carrier, tracking, eta) =>
        `El pedido #${n} salió con ${carrier} (seguimiento ${tracking}). Llega el ${eta}.`,
      out_for_delivery: (n, carrier) =>
        `Buenas noticias: ¡el pedido #${n} está en reparto con ${carrier} hoy!`,
      delivered: (n, eta) => `El pedido #${n} se entregó el ${eta}. ¡Esperamos que te encante!`,
      not_found: (n) => `No encuentro el pedido #${n}. ¿Puedes comprobar el número?`,
    },
    askForHuman: "¿Puedo hablar con una persona, por favor?",
  },
  fr: {
    welcome: (first) =>
      `Bonjour ${first} ! 👋 Bienvenue chez ${SHOP_NAME}. Je suis l'assistant de la boutique. Comment puis-je vous aider ?`,
    trackOrder: "📦 Suivre ma commande",
    browse: "🛍 Voir les produits",
    thanksChip: "👍 Merci",
    completeOrder: "✅ Finir ma commande",
    cartQuestionChip: "❓ J'ai une question",
    shopSale: "🛍 Voir les soldes",
    shippingIntro: (first) =>
      `Bonjour ${first} ! Où en est votre commande ? Envoyez-moi son numéro (il commence par #).`,
    askOrderNumber:
      "Bien sûr ! Quel est votre numéro de commande ? Il figure dans l'e-mail de confirmation (il commence par #).",
    checkoutLink: (url) =>
      `Voici votre lien de paiement : ${url} (le code COMEBACK10 est appliqué automatiquement).`,
    cartQuestion: "Bien sûr ! Que voulez-vous savoir sur votre panier ?",
    youreWelcome: "Avec plaisir ! Belle journée 😊",
    reviewThanks: (n) => `Merci pour les ${n} étoiles ! 💛 Cela compte beaucoup pour notre petite équipe.`,
    reviewSorry: "Désolés que ce ne soit pas 5 étoiles. Que pourrions-nous améliorer ?",
    gotAttachment: "Merci pour l'envoi !",
    didNotGetIt: "Désolé, je n'ai pas bien compris.",
    canHelpWith:
      "Je peux vous aider pour vos commandes et nos produits, ou vous mettre en relation avec l'équipe.",
    autoresponder: "Merci pour votre message ! Nous vous répondrons bientôt.",
    okay: "D'accord",
    cartReminder: (first, total) =>
      `${first}, vous avez oublié quelque chose dans votre panier 🛒 (${total})`,
    qty: "qté 1",
    checkout: "Payer",
    cartDiscount: "Finalisez votre commande aujourd'hui : -10 % avec le code COMEBACK10.",
    reviewRequest: (first, product) =>
      `Bonjour ${first} ! Votre ${product} est arrivé la semaine dernière. Quelle note lui donnez-vous ?`,
    sale: "🔥 Soldes de printemps : -25 % sur tout jusqu'à dimanche !",
    catchYourEye: "Quelque chose vous plaît ?",
    favourites: "Les favoris de la semaine :",
    shopNow: "Acheter",
    tellMeMore: "En savoir plus",
    buyNow: "Acheter maintenant",
    productDetails: (name, blurb, price) => `${name} : ${blurb} ${price}, livraison offerte dès 50 $.`,
    needAHand: "Besoin d'aide ?",
    teamAnswers: "Notre équipe répond en quelques heures.",
    checkboxThanks: "Merci de votre abonnement ! Nous vous enverrons ici le suivi de votre commande.",
    order: {
      processing: (n) => `La commande #${n} est en préparation et part sous 1 à 2 jours ouvrés.`,
      shipped: (n, carrier, tracking, eta) =>
        `La commande #${n} est partie avec ${carrier} (suivi ${tracking}). Arrivée prévue ${eta}.`,
      out_for_delivery: (n, carrier) =>
        `Bonne nouvelle : la commande #${n} est en livraison avec ${carrier} aujourd'hui !`,
      delivered: (n, eta) => `La commande #${n} a été livrée ${eta}. Nous espérons qu'elle vous plaît !`,
      not_found: (n) => `Je ne trouve pas la commande #${n}. Pouvez-vous vérifier le numéro ?`,
    },
    askForHuman: "Je peux parler à quelqu'un, s'il vous plaît ?",
  },
  de: {
    welcome: (first) =>
      `Hallo ${first}! 👋 Willkommen bei ${SHOP_NAME}. Ich bin der Shop-Assistent. Wobei kann ich helfen?`,
    trackOrder: "📦 Bestellung verfolgen",
    browse: "🛍 Produkte ansehen",
    thanksChip: "👍 Danke",
    completeOrder: "✅ Bestellung abschließen",
    cartQuestionChip: "❓ Ich habe eine Frage",
    shopSale: "🛍 Zum Sale",
    shippingIntro: (first) =>
      `Hallo ${first}! Wo ist deine Bestellung? Schick mir die Bestellnummer (sie beginnt mit #).`,
    askOrderNumber:
      "Klar! Wie lautet deine Bestellnummer? Du findest sie in der Bestätigungsmail (sie beginnt mit #).",
    checkoutLink: (url) => `Hier ist dein Link zur Kasse: ${url} (der Code COMEBACK10 ist schon eingelöst).`,
    cartQuestion: "Natürlich! Was möchtest du zu deinem Warenkorb wissen?",
    youreWelcome: "Gern geschehen! Einen schönen Tag noch 😊",
    reviewThanks: (n) => `Danke für die ${n} Sterne! 💛 Das bedeutet unserem kleinen Team viel.`,
    reviewSorry: "Schade, dass es keine 5 Sterne waren. Was können wir besser machen?",
    gotAttachment: "Danke fürs Schicken!",
    didNotGetIt: "Entschuldige, das habe ich nicht verstanden.",
    canHelpWith: "Ich helfe bei Bestellungen und Produkten oder verbinde dich mit unserem Team.",
    autoresponder: "Danke für deine Nachricht! Wir melden uns bald.",
    okay: "Okay",
    cartReminder: (first, total) => `Hey ${first}, da liegt noch etwas in deinem Warenkorb 🛒 (${total})`,
    qty: "Menge 1",
    checkout: "Zur Kasse",
    cartDiscount: "Schließ deine Bestellung heute ab und spar 10 % mit dem Code COMEBACK10.",
    reviewRequest: (first, product) =>
      `Hallo ${first}! Dein ${product} kam letzte Woche an. Wie gefällt er dir?`,
    sale: "🔥 Frühlings-Sale: 25 % auf alles bis Sonntag!",
    catchYourEye: "Etwas dabei?",
    favourites: "Die Favoriten der Woche:",
    shopNow: "Jetzt kaufen",
    tellMeMore: "Mehr erfahren",
    buyNow: "Kaufen",
    productDetails: (name, blurb, price) => `${name}: ${blurb} ${price}, versandkostenfrei ab 50 $.`,
    needAHand: "Brauchst du Hilfe?",
    teamAnswers: "Unser Team antwortet innerhalb weniger Stunden.",
    checkboxThanks: "Danke fürs Abonnieren! Wir schicken dir hier Neuigkeiten zu deiner Bestellung.",
    order: {
      processing: (n) => `Bestellung #${n} wird gepackt und geht in 1–2 Werktagen raus.`,
      shipped: (n, carrier, tracking, eta) =>
        `Bestellung #${n} ist mit ${carrier} unterwegs (Sendung ${tracking}). Ankunft ${eta}.`,
      out_for_delivery: (n, carrier) =>
        `Gute Nachricht: Bestellung #${n} wird heute von ${carrier} zugestellt!`,
      delivered: (n, eta) => `Bestellung #${n} wurde am ${eta} zugestellt. Viel Freude damit!`,
      not_found: (n) => `Ich finde die Bestellung #${n} nicht. Kannst du die Nummer prüfen?`,
    },
    askForHuman: "Kann ich bitte mit einem Menschen sprechen?",
  },
};

/** Words that ask for a person, in every language the bot speaks. */
export const ASKS_FOR_A_PERSON =
  /\b(human|agent|person|someone|real people|humano|persona|agente|alguien|quelqu'un|conseiller|humain|mensch|menschen|mitarbeiter)\b/i;
/** Greetings that start the welcome flow. */
export const GREETING =
  /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|hola|buenas|bonjour|salut|hallo|guten tag)\b/i;
/** Thanks that end a flow. */
export const THANKS = /\b(thanks|thank you|thx|ty|great|perfect|awesome|gracias|merci|danke)\b/i;
