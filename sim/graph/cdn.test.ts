import { describe, expect, it } from "vitest";
import { cdnFile } from "./cdn.ts";

describe("the simulator's CDN", () => {
  it("serves a voice message as a WAV whose header matches its length", () => {
    const file = cdnFile("uploads", "voice-message-3.mp4");
    expect(file?.type).toBe("audio/wav");
    const body = file?.body;
    if (!(body instanceof Uint8Array)) throw new Error("expected bytes");
    const view = new DataView(body.buffer);
    expect(new TextDecoder().decode(body.slice(0, 4))).toBe("RIFF");
    expect(view.getUint32(4, true)).toBe(body.length - 8);
    expect(view.getUint32(40, true)).toBe(body.length - 44);
  });

  it("serves a receipt as a PDF whose cross-reference table points at its objects", () => {
    const file = cdnFile("uploads", "receipt-2.pdf");
    expect(file?.type).toBe("application/pdf");
    const pdf = String(file?.body);
    expect(pdf.startsWith("%PDF-1.4")).toBe(true);
    const xrefAt = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
    expect(pdf.slice(xrefAt, xrefAt + 4)).toBe("xref");
    const offsets = [...pdf.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, i) => expect(pdf.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true));
  });

  it("answers a video like an expired link, and draws pictures", () => {
    expect(cdnFile("uploads", "unboxing-1.mp4")).toBeNull();
    expect(cdnFile("uploads", "photo-1.svg")?.type).toBe("image/svg+xml");
  });
});
