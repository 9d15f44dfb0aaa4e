/**
 * The local shop admin's page: plain HTML, a stylesheet and one script file (no inline script, so its own CSP stays
 * strict). It frames Baton twice, the full inbox and the side panel, and logs every bridge message both ways.
 */
export interface HostPageOptions {
  batonOrigin: string;
  hostId: string;
  shopName: string;
  shop: string;
  staff: readonly { id: string; name: string }[];
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function hostPage(o: HostPageOptions): string {
  // Read by host.js; a JSON data block is not executed, so the CSP needs no 'unsafe-inline' for scripts.
  const config = JSON.stringify({ batonOrigin: o.batonOrigin, hostId: o.hostId }).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.shopName)} · Shop admin (local)</title>
<style>
  :root { color-scheme: light; --bg: #f1f1f1; --card: #fff; --text: #303030; --muted: #616161; --line: #e3e3e3; --brand: #1a1a1a; --accent: #005bd3; --badge: #e51c00; }
  :root.dark { color-scheme: dark; --bg: #1a1a1a; --card: #262626; --text: #e3e3e3; --muted: #a8a8a8; --line: #3a3a3a; --brand: #0b0b0b; --accent: #4b9bff; }
  * { box-sizing: border-box; }
  html, body { height: 100%; margin: 0; }
  body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; background: var(--bg); color: var(--text); display: grid; grid-template-rows: auto 1fr auto; }
  header.top { background: var(--brand); color: #fff; display: flex; align-items: center; gap: 16px; padding: 8px 16px; flex-wrap: wrap; }
  header.top strong { font-size: 15px; } header.top small { color: #b5b5b5; }
  header.top label { display: flex; gap: 6px; align-items: center; font-size: 13px; color: #d4d4d4; }
  header.top select { font: inherit; border-radius: 6px; border: 0; padding: 4px 6px; }
  .spacer { flex: 1; }
  fieldset.modes { border: 0; display: flex; gap: 2px; padding: 2px; margin: 0; background: #333; border-radius: 8px; }
  fieldset.modes legend { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  fieldset.modes label { padding: 4px 10px; border-radius: 6px; cursor: pointer; color: #ddd; }
  fieldset.modes input { position: absolute; opacity: 0; }
  fieldset.modes label:has(input:checked) { background: #fff; color: #111; }
  fieldset.modes label:has(input:focus-visible) { outline: 2px solid var(--accent); }
  .app { display: grid; grid-template-columns: 180px 1fr; min-height: 0; }
  nav.side { padding: 12px 8px; display: flex; flex-direction: column; gap: 2px; border-right: 1px solid var(--line); }
  nav.side a { color: var(--text); text-decoration: none; padding: 6px 10px; border-radius: 8px; display: flex; justify-content: space-between; }
  nav.side a[aria-current] { background: var(--card); font-weight: 600; }
  .badge { background: var(--badge); color: #fff; border-radius: 10px; padding: 0 7px; font-size: 12px; font-weight: 600; min-width: 20px; text-align: center; }
  .badge[hidden] { display: none; }
  main.work { display: flex; gap: 12px; padding: 12px; min-height: 0; min-width: 0; }
  .card { background: var(--card); border-radius: 12px; box-shadow: 0 1px 2px rgb(0 0 0 / .12); display: flex; flex-direction: column; min-height: 0; min-width: 0; overflow: hidden; }
  .card > h2 { font-size: 13px; margin: 0; padding: 8px 12px; border-bottom: 1px solid var(--line); display: flex; gap: 8px; align-items: center; }
  .card > h2 span.sub { color: var(--muted); font-weight: 400; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  #inbox-card { flex: 1; }
  #panel-card { width: 400px; flex: none; }
  #order-card { flex: 1; padding: 0 0 12px; }
  #order-card dl { margin: 12px 16px; display: grid; grid-template-columns: 120px 1fr; gap: 6px 12px; } #order-card dt { color: var(--muted); }
  .picker { display: flex; gap: 6px; padding: 8px 12px; border-bottom: 1px solid var(--line); align-items: center; }
  .picker label { font-size: 12px; color: var(--muted); white-space: nowrap; }
  .picker select { flex: 1; min-width: 0; font: inherit; padding: 4px; border-radius: 6px; border: 1px solid var(--line); background: var(--card); color: var(--text); }
  button { font: inherit; border: 1px solid var(--line); background: var(--card); color: var(--text); border-radius: 6px; padding: 4px 8px; cursor: pointer; }
  iframe { border: 0; width: 100%; flex: 1; min-height: 0; background: var(--card); }
  body[data-mode="inbox"] #panel-card, body[data-mode="inbox"] #order-card, body[data-mode="both"] #order-card, body[data-mode="panel"] #inbox-card { display: none; }
  section.logs { border-top: 1px solid var(--line); background: var(--card); height: 190px; display: flex; flex-direction: column; }
  section.logs h2 { font-size: 12px; margin: 0; padding: 6px 12px; color: var(--muted); display: flex; justify-content: space-between; }
  ol#log { margin: 0; padding: 0 12px 8px; list-style: none; overflow-y: auto; font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
  ol#log li { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  ol#log .dir-in { color: #0a7d32; } ol#log .dir-out { color: var(--accent); } ol#log .dir-drop { color: var(--badge); }
  #toasts { position: fixed; top: 56px; right: 16px; display: flex; flex-direction: column; gap: 8px; z-index: 10; }
  #toasts div { background: #303030; color: #fff; padding: 8px 12px; border-radius: 8px; box-shadow: 0 4px 12px rgb(0 0 0 / .2); max-width: 360px; }
  #toasts div.error { background: #8e1f0b; }
  #expired { margin: 8px 12px; padding: 8px; border-radius: 8px; background: #fde8e6; color: #8e1f0b; }
  #expired[hidden] { display: none; }
</style>
</head>
<body data-mode="both">
<script type="application/json" id="host-config">${config}</script>
<header class="top">
  <strong>${escapeHtml(o.shopName)}</strong><small>${escapeHtml(o.shop)} · a local stand-in for the shop admin, on another origin than Baton</small>
  <span class="spacer"></span>
  <label>Signed in as
    <select id="staff">${o.staff.map((s) => `<option value="${escapeHtml(s.id)}">${escapeHtml(s.name)} (user ${escapeHtml(s.id)})</option>`).join("")}</select>
  </label>
  <label>Theme
    <select id="theme"><option value="light">Light</option><option value="dark">Dark</option></select>
  </label>
  <fieldset class="modes"><legend>Layout</legend>
    <label><input type="radio" name="mode" value="both" checked>Inbox and panel</label>
    <label><input type="radio" name="mode" value="inbox">Full inbox</label>
    <label><input type="radio" name="mode" value="panel">Order with panel</label>
  </fieldset>
</header>
<div class="app">
  <nav class="side" aria-label="Shop admin">
    <a href="#" aria-disabled="true">Home</a>
    <a href="#" aria-disabled="true">Orders</a>
    <a href="#" aria-disabled="true">Customers</a>
    <a href="#" id="nav-inbox" aria-current="page">Baton inbox <span class="badge" id="unread" hidden aria-label="conversations waiting"></span></a>
  </nav>
  <main class="work">
    <section class="card" id="inbox-card" aria-label="Baton, full inbox">
      <h2>Baton inbox <span class="sub" id="inbox-title"></span></h2>
      <iframe id="inbox-frame" title="Baton inbox"></iframe>
    </section>
    <section class="card" id="order-card" aria-label="Order">
      <h2>Order #1042 <span class="sub">Paid · Unfulfilled</span></h2>
      <dl>
        <dt>Customer</dt><dd id="order-customer">Pick a conversation in the panel</dd>
        <dt>Items</dt><dd>Linen throw, oat (1) · Stoneware mug set (2)</dd>
        <dt>Total</dt><dd>€ 128.00</dd>
        <dt>Shipping</dt><dd>Standard, 2–4 days</dd>
      </dl>
    </section>
    <aside class="card" id="panel-card" aria-label="Baton, side panel">
      <h2>Messenger <span class="sub" id="panel-title"></span></h2>
      <div class="picker">
        <label for="conversation">Customer</label>
        <select id="conversation"><option value="">Loading…</option></select>
        <button type="button" id="refresh" aria-label="Reload the customers">↻</button>
      </div>
      <p id="expired" role="alert" hidden></p>
      <iframe id="panel-frame" title="Baton side panel"></iframe>
    </aside>
  </main>
</div>
<section class="logs" aria-label="Bridge">
  <h2><span>Bridge messages (← from Baton, → to Baton)</span><button type="button" id="clear">Clear</button></h2>
  <ol id="log" role="log" aria-label="Bridge messages"></ol>
</section>
<div id="toasts" role="status" aria-live="polite"></div>
<script src="/host.js"></script>
</body>
</html>`;
}

/** The page's script: answers Baton's bridge (token requests first), and drives the frames from the admin's controls. */
export const hostScript = `"use strict";
(() => {
  const config = JSON.parse(document.getElementById("host-config").textContent);
  const BATON = config.batonOrigin;
  const $ = (id) => document.getElementById(id);
  const frames = { inbox: $("inbox-frame"), panel: $("panel-frame") };
  const ready = { inbox: false, panel: false };
  let sent = 0;

  function log(dir, which, type, payload) {
    const li = document.createElement("li");
    li.className = "dir-" + dir;
    const arrow = dir === "in" ? "←" : dir === "out" ? "→" : "✕";
    const time = new Date().toLocaleTimeString([], { hour12: false });
    const shown = payload && typeof payload === "object" && "token" in payload ? { ...payload, token: payload.token.slice(0, 12) + "…" } : payload;
    li.textContent = time + " " + which.padEnd(5) + " " + arrow + " " + type + " " + JSON.stringify(shown ?? {});
    $("log").append(li);
    $("log").scrollTop = $("log").scrollHeight;
  }

  function send(which, type, payload) {
    const target = frames[which].contentWindow;
    if (!target) return;
    const envelope = { ns: "baton", v: 1, type, id: "h-" + ++sent, payload };
    // The exact origin: a frame that navigated elsewhere gets nothing.
    target.postMessage(envelope, BATON);
    log("out", which, type, payload);
  }

  function toast(message, tone) {
    const div = document.createElement("div");
    div.className = tone === "error" ? "error" : "";
    div.textContent = message;
    $("toasts").append(div);
    setTimeout(() => div.remove(), 5000);
  }

  async function signedToken() {
    const response = await fetch("/session-token", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: $("staff").value }) });
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || "The admin could not sign a token.");
    return body.token;
  }

  window.addEventListener("message", async (event) => {
    if (event.origin !== BATON) return;
    const which = event.source === frames.inbox.contentWindow ? "inbox" : event.source === frames.panel.contentWindow ? "panel" : null;
    const m = event.data;
    if (!which || !m || m.ns !== "baton" || m.v !== 1 || typeof m.type !== "string") return;
    log("in", which, m.type, m.payload);
    switch (m.type) {
      case "token-request":
        try {
          send(which, "token-response", { requestId: m.id, token: await signedToken() });
        } catch (error) {
          send(which, "token-response", { requestId: m.id, error: String(error.message || error) });
        }
        break;
      case "ready":
        ready[which] = true;
        $("expired").hidden = true;
        send(which, "init", { theme: $("theme").value, locale: navigator.language });
        if (which === "inbox" && document.body.dataset.mode === "panel") send("inbox", "visibility", { visible: false });
        break;
      case "unread-count":
        $("unread").hidden = m.payload.count === 0;
        $("unread").textContent = String(m.payload.count);
        break;
      case "title":
        $(which + "-title").textContent = m.payload.title;
        break;
      case "toast":
        toast(m.payload.message, m.payload.tone);
        break;
      case "navigate":
        if (which === "panel" && m.payload.conversationId) $("conversation").value = m.payload.conversationId;
        break;
      case "session-expired":
        ready[which] = false;
        $("expired").hidden = false;
        $("expired").textContent = "Baton (" + which + "): " + m.payload.reason;
        break;
    }
  });

  async function loadConversations() {
    const select = $("conversation");
    const keep = select.value;
    const { conversations } = await (await fetch("/conversations")).json();
    select.replaceChildren(new Option("Choose a customer…", ""));
    for (const c of conversations) select.append(new Option(c.name + " · " + c.status.replace("_", " "), c.id));
    select.value = keep;
  }

  function openInPanel(id) {
    const name = $("conversation").selectedOptions[0]?.textContent.split(" · ")[0] ?? "";
    $("order-customer").textContent = id ? name : "Pick a conversation in the panel";
    if (!id) return;
    // A ready panel is told over the bridge; otherwise it loads the conversation from its address.
    if (ready.panel) send("panel", "open-conversation", { conversationId: id });
    else frames.panel.src = BATON + "/embed/" + config.hostId + "/panel?c=" + encodeURIComponent(id);
  }

  function load() {
    ready.inbox = ready.panel = false;
    frames.inbox.src = BATON + "/embed/" + config.hostId + "?view=open";
    const c = $("conversation").value;
    frames.panel.src = BATON + "/embed/" + config.hostId + "/panel" + (c ? "?c=" + encodeURIComponent(c) : "");
  }

  $("conversation").addEventListener("change", (e) => openInPanel(e.target.value));
  $("refresh").addEventListener("click", () => void loadConversations());
  $("clear").addEventListener("click", () => $("log").replaceChildren());
  $("staff").addEventListener("change", load);
  $("theme").addEventListener("change", (e) => {
    document.documentElement.classList.toggle("dark", e.target.value === "dark");
    for (const which of ["inbox", "panel"]) if (ready[which]) send(which, "set-theme", { theme: e.target.value });
  });
  for (const radio of document.querySelectorAll("input[name=mode]")) {
    radio.addEventListener("change", (e) => {
      const mode = e.target.value;
      document.body.dataset.mode = mode;
      if (ready.inbox) send("inbox", "visibility", { visible: mode !== "panel" });
      if (ready.panel) send("panel", "visibility", { visible: mode !== "inbox" });
    });
  }

  void loadConversations().then(load);
})();
`;
