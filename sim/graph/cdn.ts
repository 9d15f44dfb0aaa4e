import { productBySku } from "../bot/catalog.ts";

const HUES = [18, 42, 160, 200, 260, 320, 100, 230];

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** A voice message: a second and a half of a soft two-note chime, as 8 kHz 16-bit mono PCM in a WAV container. */
function voiceMessageWav(seed: number): Uint8Array<ArrayBuffer> {
  const rate = 8000;
  const samples = Math.round(rate * 1.5);
  const out = new Uint8Array(new ArrayBuffer(44 + samples * 2));
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string) =>
    [...text].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  ascii(0, "RIFF");
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, samples * 2, true);
  const notes = [440 + (seed % 5) * 40, 660 + (seed % 3) * 30];
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const freq = notes[t < 0.75 ? 0 : 1] ?? 440;
    const envelope = Math.min(1, (t % 0.75) * 20) * Math.exp(-3 * (t % 0.75));
    view.setInt16(44 + i * 2, Math.round(Math.sin(2 * Math.PI * freq * t) * envelope * 8000), true);
  }
  return out;
}

/** A one-page receipt, as a minimal PDF with its cross-reference table. */
function receiptPdf(name: string): string {
  const text = `Lumen & Loom - ${name.replace(/[()\\]/g, "")}`;
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj 0 -28 Td /F1 12 Tf (A receipt from the Messenger simulator.) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return pdf;
}

/**
 * Pictures for product cards and customer uploads, voice messages and receipts, so the demo's attachments
 * render and play without a network. Video cannot be made here: it answers 404, like an expired CDN link.
 */
export function cdnFile(
  kind: string,
  file: string,
): { body: string | Uint8Array<ArrayBuffer>; type: string } | null {
  const seed = Number(/(\d+)/.exec(file)?.[1] ?? 0);
  if (file.startsWith("voice-message")) return { body: voiceMessageWav(seed), type: "audio/wav" };
  if (file.endsWith(".pdf")) return { body: receiptPdf(file), type: "application/pdf" };
  if (!file.endsWith(".svg")) return null;
  const name = file.replace(/\.svg$/, "");
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hue = HUES[hash % HUES.length] ?? 200;
  const label =
    kind === "products"
      ? (productBySku(name)?.name ?? name)
      : name.startsWith("sticker")
        ? "👍"
        : "📷 " + name;
  const size = kind === "products" ? [600, 314] : name.startsWith("sticker") ? [240, 240] : [480, 360];
  const [w, h] = size;
  const body = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 60% 88%)"/><stop offset="1" stop-color="hsl(${hue} 45% 68%)"/></linearGradient></defs><rect width="${w}" height="${h}" fill="url(#g)"/><circle cx="${(w ?? 0) * 0.78}" cy="${(h ?? 0) * 0.3}" r="${(h ?? 0) * 0.18}" fill="hsl(${hue} 50% 96% / .6)"/><text x="50%" y="55%" text-anchor="middle" font-family="system-ui,sans-serif" font-size="${name.startsWith("sticker") ? 120 : 30}" fill="hsl(${hue} 40% 22%)">${escapeXml(label)}</text></svg>`;
  return { body, type: "image/svg+xml" };
}
