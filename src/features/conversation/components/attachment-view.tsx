import type { Attachment, TemplateButton } from "@contract/timeline.ts";
import { cn } from "@/lib/cn.ts";

function ButtonChip({ button }: { button: TemplateButton }) {
  const base = "block w-full truncate rounded-md border border-line bg-surface px-2 py-1 text-center text-xs font-medium";
  if (button.url) {
    return (
      <a href={button.url} target="_blank" rel="noreferrer noopener" className={cn(base, "text-accent-text hover:bg-surface-2")}>
        {button.title} <span aria-hidden="true">↗</span>
      </a>
    );
  }
  return (
    <span className={cn(base, "text-fg")} title={button.payload ? `Postback ${button.payload}` : button.type}>
      {button.title}
    </span>
  );
}

/** One attachment as the customer saw it: media, files, links, cards, carousels and button templates. */
export function AttachmentView({ attachment: a, who }: { attachment: Attachment; who: string }) {
  switch (a.type) {
    case "image":
      if (a.stickerId !== null) {
        return (
          <span role="img" aria-label={`Sticker from ${who}`} className="block text-5xl leading-none" title={`Sticker ${a.stickerId}`}>
            {a.url ? <img src={a.url} alt="" className="h-20 w-20 object-contain" /> : "👍"}
          </span>
        );
      }
      return a.url ? (
        <a href={a.url} target="_blank" rel="noreferrer noopener" className="block">
          <img src={a.url} alt={`Image from ${who}`} loading="lazy" className="max-h-64 max-w-full rounded-lg border border-line object-cover" />
        </a>
      ) : (
        <span className="text-sm text-muted italic">Image (no longer available)</span>
      );
    case "video":
      return a.url ? (
        <video controls preload="none" src={a.url} aria-label={`Video from ${who}`} className="max-h-64 max-w-full rounded-lg bg-black">
          <a href={a.url}>Download the video</a>
        </video>
      ) : (
        <span className="text-sm text-muted italic">Video (no longer available)</span>
      );
    case "audio":
      return a.url ? <audio controls preload="none" src={a.url} aria-label={`Audio message from ${who}`} className="h-10 max-w-full" /> : <span className="text-sm text-muted italic">Audio</span>;
    case "file":
      return (
        <a href={a.url ?? undefined} target="_blank" rel="noreferrer noopener" className="flex items-center gap-2 rounded-lg border border-line bg-surface px-3 py-2 text-sm hover:bg-surface-2">
          <span aria-hidden="true">📎</span>
          <span className="min-w-0 truncate font-medium">{a.name ?? "File"}</span>
        </a>
      );
    case "fallback":
      return (
        <a href={a.url ?? undefined} target="_blank" rel="noreferrer noopener" className="flex items-center gap-2 rounded-lg border border-line bg-surface px-3 py-2 text-sm hover:bg-surface-2">
          <span aria-hidden="true">🔗</span>
          <span className="min-w-0 truncate">{a.title ?? a.url ?? "Shared link"}</span>
        </a>
      );
    case "location":
      return (
        <a href={a.url ?? undefined} target="_blank" rel="noreferrer noopener" className="flex items-center gap-2 rounded-lg border border-line bg-surface px-3 py-2 text-sm hover:bg-surface-2">
          <span aria-hidden="true">📍</span>
          <span className="min-w-0 truncate">{a.title ?? "Shared location"}</span>
        </a>
      );
    case "template":
      if (a.elements.length === 0) {
        return (
          <div className="w-60 max-w-full overflow-hidden rounded-lg border border-line bg-surface">
            {a.text ? (
              <p dir="auto" className="px-3 py-2 text-sm break-words">
                {a.text}
              </p>
            ) : null}
            <div className="flex flex-col gap-1 border-t border-line p-2">
              {a.buttons.map((b, i) => (
                <ButtonChip key={i} button={b} />
              ))}
            </div>
          </div>
        );
      }
      return (
        <ul aria-label={a.elements.length > 1 ? `Carousel, ${a.elements.length} cards` : "Card"} className="flex max-w-full snap-x gap-2 overflow-x-auto pb-1">
          {a.elements.map((el, i) => (
            <li key={i} className="w-52 shrink-0 snap-start overflow-hidden rounded-lg border border-line bg-surface">
              {el.imageUrl ? <img src={el.imageUrl} alt="" loading="lazy" className="h-28 w-full object-cover" /> : <div aria-hidden="true" className="h-2 bg-surface-3" />}
              <div className="px-3 py-2">
                <p dir="auto" className="truncate text-sm font-semibold">
                  {el.title}
                </p>
                {el.subtitle ? (
                  <p dir="auto" className="truncate text-xs text-muted">
                    {el.subtitle}
                  </p>
                ) : null}
              </div>
              {el.buttons.length ? (
                <div className="flex flex-col gap-1 border-t border-line p-2">
                  {el.buttons.map((b, j) => (
                    <ButtonChip key={j} button={b} />
                  ))}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      );
  }
}
