import { productBySku } from "../bot/catalog.ts";

const HUES = [18, 42, 160, 200, 260, 320, 100, 230];

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * Pictures for product cards and customer uploads, so the demo's attachments render without a network.
 * Media that cannot be drawn (video, audio, PDF) answer 404 like an expired CDN link.
 */
export function cdnFile(kind: string, file: string): { body: string; type: string } | null {
  if (!file.endsWith(".svg")) return null;
  const name = file.replace(/\.svg$/, "");
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = HUES[hash % HUES.length] ?? 200;
  const label = kind === "products" ? (productBySku(name)?.name ?? name) : name.startsWith("sticker") ? "👍" : "📷 " + name;
  const size = kind === "products" ? [600, 314] : name.startsWith("sticker") ? [240, 240] : [480, 360];
  const [w, h] = size;
  const body = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 60% 88%)"/><stop offset="1" stop-color="hsl(${hue} 45% 68%)"/></linearGradient></defs><rect width="${w}" height="${h}" fill="url(#g)"/><circle cx="${(w ?? 0) * 0.78}" cy="${(h ?? 0) * 0.3}" r="${(h ?? 0) * 0.18}" fill="hsl(${hue} 50% 96% / .6)"/><text x="50%" y="55%" text-anchor="middle" font-family="system-ui,sans-serif" font-size="${name.startsWith("sticker") ? 120 : 30}" fill="hsl(${hue} 40% 22%)">${escapeXml(label)}</text></svg>`;
  return { body, type: "image/svg+xml" };
}
