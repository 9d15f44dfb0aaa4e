/**
 * The page at /simulator where a person plays a Messenger customer. Plain HTML and a small inline script
 * talking to /simulator/api, kept out of the SPA bundle on purpose.
 */
export function simulatorPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Messenger simulator · Baton</title>
<style>
  :root { color-scheme: light dark; --blue: #0866ff; --bg: #f0f2f5; --card: #fff; --text: #050505; --muted: #65676b; --bubble: #e4e6eb; }
  @media (prefers-color-scheme: dark) { :root { --bg: #18191a; --card: #242526; --text: #e4e6eb; --muted: #b0b3b8; --bubble: #3a3b3c; } }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.35 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--text); display: flex; gap: 24px; justify-content: center; padding: 24px; min-height: 100vh; }
  aside { width: 300px; display: flex; flex-direction: column; gap: 12px; }
  .card { background: var(--card); border-radius: 12px; padding: 16px; box-shadow: 0 1px 2px rgb(0 0 0 / .1); }
  h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 14px; margin: 0 0 8px; color: var(--muted); font-weight: 600; }
  label { display: block; font-size: 13px; color: var(--muted); margin: 8px 0 4px; }
  select, input, button { font: inherit; }
  select, input[type=text] { width: 100%; padding: 8px; border-radius: 8px; border: 1px solid color-mix(in srgb, var(--muted) 40%, transparent); background: var(--card); color: var(--text); }
  button { cursor: pointer; border: 0; border-radius: 8px; padding: 8px 12px; background: var(--blue); color: #fff; font-weight: 600; }
  button.secondary { background: var(--bubble); color: var(--text); }
  .phone { width: 380px; height: calc(100vh - 48px); max-height: 760px; background: var(--card); border-radius: 20px; display: flex; flex-direction: column; overflow: hidden; box-shadow: 0 8px 24px rgb(0 0 0 / .15); }
  @media (max-width: 720px) { body { flex-direction: column; align-items: stretch; padding: 12px; gap: 12px; } aside { width: auto; } .phone { width: auto; height: 80vh; } }
  .phone header { padding: 12px 16px; border-bottom: 1px solid var(--bubble); display: flex; align-items: center; gap: 10px; }
  .phone header .avatar { width: 36px; height: 36px; border-radius: 50%; background: linear-gradient(135deg, #f59e0b, #db2777); color: #fff; display: grid; place-items: center; font-weight: 700; }
  .phone header small { color: var(--muted); display: block; font-size: 12px; }
  #thread { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 4px; }
  .msg { max-width: 78%; padding: 8px 12px; border-radius: 18px; white-space: pre-wrap; overflow-wrap: anywhere; }
  .msg.page { align-self: flex-start; background: var(--bubble); }
  .msg.customer { align-self: flex-end; background: var(--blue); color: #fff; }
  .who { font-size: 11px; color: var(--muted); margin: 6px 8px 0; }
  .who.customer { align-self: flex-end; }
  .status { font-size: 11px; color: var(--muted); align-self: flex-end; margin-right: 6px; }
  .react { font-size: 12px; margin-top: -6px; align-self: flex-start; }
  .cards { display: flex; gap: 8px; overflow-x: auto; max-width: 100%; padding-bottom: 4px; }
  .tcard { min-width: 220px; max-width: 220px; border: 1px solid var(--bubble); border-radius: 14px; overflow: hidden; background: var(--card); }
  .tcard img { width: 100%; height: 115px; object-fit: cover; display: block; }
  .tcard .body { padding: 8px 10px; } .tcard .title { font-weight: 600; } .tcard .sub { color: var(--muted); font-size: 13px; }
  .tcard button, .btntpl button { display: block; width: 100%; border-radius: 0; background: none; color: var(--blue); border-top: 1px solid var(--bubble); }
  .btntpl { border: 1px solid var(--bubble); border-radius: 14px; overflow: hidden; max-width: 78%; } .btntpl p { margin: 0; padding: 8px 12px; }
  .attach img { max-width: 200px; border-radius: 14px; }
  #chips { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 12px; justify-content: flex-end; }
  #chips button { background: none; color: var(--blue); border: 1px solid var(--blue); border-radius: 18px; padding: 6px 12px; }
  form { display: flex; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--bubble); }
  form input { flex: 1; border-radius: 18px !important; }
  .row { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 8px; }
  a { color: var(--blue); }
  .note { font-size: 13px; color: var(--muted); }
  .signal { align-self: center; font-size: 12px; color: var(--muted); background: var(--bubble); border-radius: 12px; padding: 3px 10px; margin: 4px 0; text-align: center; }
  .edited { font-size: 11px; color: var(--muted); align-self: flex-end; margin: -2px 8px 2px; }
  .story { font-size: 12px; color: var(--muted); align-self: flex-end; border-left: 3px solid var(--blue); padding: 2px 8px; margin-top: 6px; }
  fieldset { border: 0; padding: 0; margin: 8px 0 0; } legend { font-size: 13px; color: var(--muted); padding: 0; margin-bottom: 4px; }
</style>
</head>
<body>
<aside>
  <div class="card">
    <h1>Messenger simulator</h1>
    <p class="note">Play a customer of the demo shop. Everything goes through the local Meta emulator into Baton's webhook, exactly like real Messenger.</p>
    <label for="name">Customer name (empty: random)</label>
    <input id="name" type="text" placeholder="e.g. Ana Silva" maxlength="120">
    <label for="flow">Start with</label>
    <select id="flow"></select>
    <label for="mode">Shop bot behaviour</label>
    <select id="mode"></select>
    <label for="variant">Shop bot wording and language</label>
    <select id="variant"></select>
    <label for="style">Its "talk to a human" button, as</label>
    <select id="style"><option value="quick_reply">a quick reply</option><option value="button_template">a button template</option><option value="carousel">a button on a card</option></select>
    <label for="referral">Arrives from</label>
    <select id="referral"><option value="">Messenger (no referral)</option><option value="ads">the Spring Sale ad</option><option value="shortlink">an m.me link (ref summer-newsletter)</option><option value="qr_code">a QR code (ref store-window)</option><option value="chat_plugin">the chat plugin on the website</option></select>
    <div class="row"><button id="start">New conversation</button></div>
  </div>
  <div class="card" id="tools" hidden>
    <h2>This customer</h2>
    <div class="row">
      <button class="secondary" data-act="human">🙋 Ask for a human</button>
      <button class="secondary" data-act="read">👀 Read</button>
      <button class="secondary" data-act="react">❤️ React</button>
    </div>
    <label for="attach">Send an attachment</label>
    <div class="row"><select id="attach"><option>image</option><option>sticker</option><option>video</option><option>audio</option><option>file</option><option>location</option><option>fallback</option></select><button class="secondary" id="sendAttach">Send</button></div>
    <label for="trigger">Bot sends a flow</label>
    <div class="row"><select id="trigger"></select><button class="secondary" id="sendFlow">Trigger</button></div>
    <fieldset>
      <legend>Messenger signals</legend>
      <div class="row">
        <button class="secondary" data-signal="referral-ad">📣 Tap the ad</button>
        <button class="secondary" data-signal="referral-link">🔗 Open m.me link</button>
        <button class="secondary" data-signal="edit">✏️ Edit last message</button>
        <button class="secondary" data-signal="story-reply">↩ Reply to story</button>
        <button class="secondary" data-signal="story-mention">📸 Mention in story</button>
        <button class="secondary" data-signal="checkbox">☑️ Checkbox opt-in</button>
        <button class="secondary" data-signal="recurring">🔔 Recurring notifications</button>
        <button class="secondary" data-signal="feedback">⭐ Feedback form</button>
      </div>
    </fieldset>
    <p class="row"><a id="open" target="baton" href="/">Open this conversation in Baton ↗</a></p>
  </div>
  <div class="card">
    <h2>Meta, about the Page's app</h2>
    <div class="row">
      <button class="secondary" data-meta="warning">⚠️ Policy warning</button>
      <button class="secondary" data-meta="block">⛔ Block the app</button>
      <button class="secondary" data-meta="unblock">✅ Unblock</button>
      <button class="secondary" data-meta="test">🧪 App Dashboard test</button>
    </div>
    <p class="note" id="metaNote" role="status"></p>
  </div>
</aside>
<main class="phone" aria-label="Messenger conversation">
  <header><div class="avatar">L</div><div><strong>Lumen &amp; Loom</strong><small id="owner">Pick a flow and start a conversation</small></div></header>
  <div id="thread" role="log" aria-live="polite"></div>
  <div id="chips"></div>
  <form id="composer"><input id="text" type="text" placeholder="Aa" aria-label="Message" autocomplete="off" disabled><button id="send" disabled>Send</button></form>
</main>
<script type="module">
const api = (path, body) => fetch("/simulator/api" + path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
  .then(async (r) => { const j = await r.json(); if (!r.ok) throw new Error(j.error?.message ?? r.statusText); return j; });
const $ = (id) => document.getElementById(id);
let psid = null;
const OWNER = { "1001": "the shop bot", "2002": "Baton (a human agent)", "263902037430900": "Page Inbox" };

const state = await api("/state");
for (const f of ["welcome", ...state.flows.filter((f) => f !== "welcome"), "none"]) $("flow").add(new Option(f.replace("_", " "), f));
for (const f of state.flows) $("trigger").add(new Option(f.replace("_", " "), f));
for (const m of state.botModes) $("mode").add(new Option(m.replace("_", " "), m));
$("mode").value = state.defaultBotMode;
for (const v of state.botVariants) $("variant").add(new Option(v.handoffTitle + " (" + v.language + ")", v.name));

function el(tag, cls, text) { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
function button(b) {
  const x = el("button", "", b.title);
  x.type = "button";
  if (b.type === "postback") x.onclick = () => act("/postbacks", { title: b.title, payload: b.payload });
  else if (b.url) x.onclick = () => window.open(b.url, "_blank", "noopener");
  return x;
}
function render(view) {
  const t = $("thread");
  const atBottom = t.scrollHeight - t.scrollTop - t.clientHeight < 40;
  t.replaceChildren();
  let lastAuthor = null;
  const items = [...view.messages.map((m) => ({ at: m.at, m })), ...view.signals.map((x) => ({ at: x.at, x }))].sort((a, b) => a.at.localeCompare(b.at));
  for (const item of items) {
    if (item.x) { t.append(el("div", "signal", item.x.text)); lastAuthor = null; continue; }
    const m = item.m;
    const side = m.author === "customer" ? "customer" : "page";
    if (m.storyReply) t.append(el("div", "story", "↩ Replied to " + "Lumen & Loom's story"));
    if (m.author !== lastAuthor && side === "page") t.append(el("div", "who", { bot: "Shop bot", baton: "Agent (Baton)", page_inbox: m.automated ? "Automated response" : "Page Inbox", page: "Page" }[m.author] ?? m.author));
    lastAuthor = m.author;
    if (m.text) t.append(el("div", "msg " + side, m.text));
    if (m.edited) t.append(el("div", "edited", "Edited" + (m.edited > 1 ? " " + m.edited + " times" : "")));
    for (const a of m.attachments) {
      if (a.type === "story_mention") { t.append(el("div", "msg " + side, "📸 Mentioned Lumen & Loom in a story")); continue; }
      const p = a.payload ?? {};
      if (a.type === "template" && p.template_type === "generic") {
        const row = el("div", "cards");
        for (const e of p.elements ?? []) {
          const c = el("div", "tcard");
          if (e.image_url) { const img = el("img"); img.src = e.image_url; img.alt = ""; c.append(img); }
          const b = el("div", "body"); b.append(el("div", "title", e.title)); if (e.subtitle) b.append(el("div", "sub", e.subtitle)); c.append(b);
          for (const x of e.buttons ?? []) c.append(button(x));
          row.append(c);
        }
        t.append(row);
      } else if (a.type === "template" && p.template_type === "button") {
        const c = el("div", "btntpl"); c.append(el("p", "", p.text)); for (const x of p.buttons ?? []) c.append(button(x)); t.append(c);
      } else if (a.type === "image" && p.url) {
        const d = el("div", "msg attach " + side); const img = el("img"); img.src = p.url; img.alt = p.sticker_id ? "sticker" : "photo"; d.append(img); t.append(d);
      } else {
        t.append(el("div", "msg " + side, "📎 " + (a.title ?? a.type) + (p.url ? " · " + p.url.split("/").pop() : "")));
      }
    }
    if (m.reactions.length) t.append(el("div", "react", m.reactions.map((r) => r.emoji).join(" ")));
  }
  const last = view.messages.findLast((m) => m.author !== "customer");
  if (last) t.append(el("div", "status", last.read ? "Seen" : last.delivered ? "Delivered" : "Sent"));
  $("chips").replaceChildren(...view.chips.map((c) => { const b = el("button", "", c.title); b.type = "button"; b.onclick = () => act("/quick-replies", { payload: c.payload }); return b; }));
  $("owner").textContent = view.name + " · thread owned by " + (OWNER[view.owner] ?? view.owner) + " · bot: " + view.botMode.replace("_", " ") + ", “" + view.bot.handoffTitle + "” (" + view.bot.language + ")";
  $("open").href = view.batonUrl;
  if (atBottom) t.scrollTop = t.scrollHeight;
}
async function act(path, body = {}) {
  if (!psid) return;
  try { render(await api("/customers/" + psid + path, body)); } catch (e) { alert(e.message); }
}
const REFERRALS = { ads: { source: "ads", adTitle: "Spring Sale", ref: "spring-sale-25" }, shortlink: { source: "shortlink", ref: "summer-newsletter" }, qr_code: { source: "qr_code", ref: "store-window" }, chat_plugin: { source: "chat_plugin", ref: "product-page" } };
$("start").onclick = async () => {
  const name = $("name").value.trim();
  const referral = REFERRALS[$("referral").value];
  const view = await api("/customers", { ...(name ? { name } : {}), flow: $("flow").value, botMode: $("mode").value, variant: $("variant").value, handoffStyle: $("style").value, ...(referral ? { referral } : {}) });
  psid = view.psid;
  $("tools").hidden = false; $("text").disabled = false; $("send").disabled = false;
  render(view); $("text").focus();
};
$("composer").onsubmit = (e) => { e.preventDefault(); const text = $("text").value.trim(); if (!text) return; $("text").value = ""; act("/messages", { text }); };
document.querySelector("[data-act=human]").onclick = () => act("/human");
document.querySelector("[data-act=read]").onclick = () => act("/read");
document.querySelector("[data-act=react]").onclick = () => act("/reactions", { emoji: "❤️" });
$("sendAttach").onclick = () => act("/attachments", { kind: $("attach").value });
$("sendFlow").onclick = () => act("/flows", { flow: $("trigger").value });
const SIGNALS = {
  "referral-ad": ["/referrals", REFERRALS.ads],
  "referral-link": ["/referrals", REFERRALS.shortlink],
  "story-reply": ["/story-replies", { text: "Is this one still available?" }],
  "story-mention": ["/story-mentions", {}],
  checkbox: ["/optins", { kind: "checkbox", ref: "checkout" }],
  recurring: ["/optins", { kind: "recurring", topic: "Restock alerts", frequency: "WEEKLY" }],
  feedback: ["/feedback", { csat: 4, text: "Quick and friendly, thanks!" }],
};
for (const b of document.querySelectorAll("[data-signal]")) {
  b.onclick = () => {
    if (b.dataset.signal === "edit") {
      const text = prompt("Your message, edited:");
      if (text) act("/edits", { text });
      return;
    }
    const [path, body] = SIGNALS[b.dataset.signal];
    act(path, body);
  };
}
for (const b of document.querySelectorAll("[data-meta]")) {
  b.onclick = async () => {
    try {
      const r = b.dataset.meta === "test" ? await api("/webhook-test", { field: "messages" }) : await api("/policy-enforcement", { action: b.dataset.meta });
      $("metaNote").textContent = b.dataset.meta === "test" ? "Sent a sample for “" + r.sent + "” to Baton's webhook (see Admin → Messenger)." : "Meta sent “" + r.sent + "” about Baton's app: managers see it above the inbox.";
    } catch (e) { alert(e.message); }
  };
}
setInterval(async () => { if (psid && !document.hidden) render(await api("/customers/" + psid)); }, 1500);
</script>
</body>
</html>`;
}
