import { http, HttpResponse } from "msw";

/**
 * The fixtures point at remote pictures (picsum.photos, pravatar.cc) and media (cdn.example). Storybook must never
 * touch the network, so every such URL is swapped for a same-origin address under /__media/ that the MSW worker
 * answers with media drawn here: same shapes and sizes, nothing fetched from outside. (Not data: URIs: Baton shows
 * only http(s) media, as it must for what customers send.)
 */

const hues = [12, 38, 158, 200, 262, 320];

function svg(body: string, w: number, h: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`;
}

const origin = () => (typeof location === "undefined" ? "http://localhost" : location.origin);

/** A product-photo stand-in, by address: answered by mediaHandler. */
function pictureUri(seed: number, w = 480, h = 320): string {
  return `${origin()}/__media/picture/${seed}/${w}/${h}.svg`;
}

/** A portrait stand-in for customer avatars, by address. */
export function avatarUri(seed: number): string {
  return `${origin()}/__media/avatar/${seed}.svg`;
}

/** A product-photo stand-in: a soft gradient with a simple shape, coloured by seed. */
function pictureSvg(seed: number, w: number, h: number): string {
  const hue = hues[seed % hues.length] ?? 200;
  const r = Math.min(w, h) / 4;
  return svg(
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue} 70% 78%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360} 60% 48%)"/></linearGradient></defs>` +
      `<rect width="${w}" height="${h}" fill="url(#g)"/><circle cx="${w / 2}" cy="${h / 2}" r="${r}" fill="hsl(${hue} 40% 96% / .55)"/>` +
      `<rect x="${w / 2 - r / 2}" y="${h / 2 - r / 6}" width="${r}" height="${r / 3}" rx="${r / 8}" fill="hsl(${hue} 50% 30% / .5)"/>`,
    w,
    h,
  );
}

/** A portrait stand-in for customer avatars. */
function avatarSvg(seed: number): string {
  const hue = hues[seed % hues.length] ?? 200;
  return svg(
    `<rect width="96" height="96" fill="hsl(${hue} 55% 70%)"/><circle cx="48" cy="38" r="18" fill="hsl(${hue} 45% 92%)"/><path d="M14 96c4-22 18-32 34-32s30 10 34 32z" fill="hsl(${hue} 45% 92%)"/>`,
    96,
    96,
  );
}

/** Half a second of silence as a WAV file, so the audio player has something local to play. */
function silentWav(): Uint8Array {
  const rate = 8000;
  const samples = rate / 2;
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, "RIFF");
  view.setUint32(4, 36 + samples, true);
  ascii(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  ascii(36, "data");
  view.setUint32(40, samples, true);
  bytes.fill(128, 44);
  return bytes;
}

/** Local media for a remote media URL (videos stay a local placeholder: nothing is fetched until played). */
function offlineUrl(url: string): string {
  const picsum = /^https:\/\/picsum\.photos\/seed\/\D*(\d+)\/(\d+)\/(\d+)/.exec(url);
  if (picsum) return pictureUri(Number(picsum[1]), Number(picsum[2]), Number(picsum[3]));
  const pravatar = /^https:\/\/i\.pravatar\.cc\/\d+\?u=(\d+)/.exec(url);
  if (pravatar) return avatarUri(Number(pravatar[1]));
  if (/^https:\/\/cdn\.example\/.*\.(mp4|m4a|mp3|wav)$/.test(url) && /voice|audio/.test(url))
    return `${origin()}/__media/voice.wav`;
  if (/^https:\/\/cdn\.example\/.*\.mp4$/.test(url)) return `${origin()}/__media/video.mp4`;
  return url;
}

/** Answers /__media/ addresses in the MSW worker: pictures, avatars, a silent voice message, an empty video. */
export const mediaHandler = http.get(/\/__media\//, ({ request }) => {
  const path = new URL(request.url).pathname;
  const picture = /^\/__media\/picture\/(\d+)\/(\d+)\/(\d+)\.svg$/.exec(path);
  if (picture)
    return new HttpResponse(pictureSvg(Number(picture[1]), Number(picture[2]), Number(picture[3])), {
      headers: { "content-type": "image/svg+xml" },
    });
  const avatar = /^\/__media\/avatar\/(\d+)\.svg$/.exec(path);
  if (avatar)
    return new HttpResponse(avatarSvg(Number(avatar[1])), { headers: { "content-type": "image/svg+xml" } });
  if (path === "/__media/voice.wav")
    return new HttpResponse(silentWav(), { headers: { "content-type": "audio/wav" } });
  // A video that has expired on Meta's CDN, as the app must show it.
  return new HttpResponse(null, { status: 404 });
});

const mediaKeys = new Set(["url", "imageUrl", "avatarUrl"]);

/** A copy of fixture data with every remote picture or media URL replaced by local media. Links stay links. */
export function offline<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (key, v: unknown) =>
    mediaKeys.has(key) && typeof v === "string" ? offlineUrl(v) : v,
  ) as T;
}
