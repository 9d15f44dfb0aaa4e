import type { ReactNode } from "react";
import type { Attachment, TemplateButton } from "@contract/timeline.ts";
import { cn } from "@/lib/cn.ts";
import { safeHttpUrl } from "@/lib/safe-url.ts";

/*
 * Every URL here comes from customers, bots or Meta's CDN. Only what safeHttpUrl accepts (an absolute http(s) URL,
 * as the URL parser serialises it) becomes an href or a src, and links open in a new tab without an opener or a
 * referrer. Anything else (javascript:, data:, vbscript:, file:, blob:, relative paths…) is shown as text.
 */

/** A link out of Baton: a new tab, no window.opener for the page it opens, no referrer. */
export function ExternalLink({
  href,
  className,
  children,
}: {
  href: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className={className}>
      {children}
    </a>
  );
}

/** A URL that is not a web address: shown for the agent to read, never followed or loaded. */
export function NotAWebLink({ url, what = "Not a web link" }: { url: string; what?: string }) {
  return (
    <span
      className="block w-full max-w-full truncate text-left text-[11px] font-normal text-muted"
      title={url}
    >
      {what}: <span className="font-mono">{url}</span>
    </span>
  );
}

/** A link when the URL is a web address, else the same content as text with the URL spelled out under it. */
function LinkOrText({
  url,
  className,
  children,
}: {
  url: string | null;
  className: string;
  children: ReactNode;
}) {
  const href = safeHttpUrl(url);
  if (href) {
    return (
      <ExternalLink href={href} className={cn(className, "hover:bg-surface-2")}>
        {children}
      </ExternalLink>
    );
  }
  return (
    <div className={className}>
      {children}
      {url ? <NotAWebLink url={url} /> : null}
    </div>
  );
}

/** Media whose URL is missing ("no longer available") or not a web address (shown, not loaded). */
function MediaPlaceholder({ label, url, missing }: { label: string; url: string | null; missing: string }) {
  if (!url) return <span className="text-sm text-muted italic">{missing}</span>;
  return (
    <span className="block max-w-full text-sm text-muted">
      <span className="italic">{label} not shown</span>
      <NotAWebLink url={url} what="Not a web address" />
    </span>
  );
}

function ButtonChip({ button }: { button: TemplateButton }) {
  const base =
    "block w-full rounded-md border border-line bg-surface px-2 py-1 text-center text-xs font-medium";
  const href = safeHttpUrl(button.url);
  if (href) {
    return (
      <ExternalLink href={href} className={cn(base, "truncate text-accent-text hover:bg-surface-2")}>
        {button.title} <span aria-hidden="true">↗</span>
      </ExternalLink>
    );
  }
  return (
    <span className={cn(base, "text-fg")} title={button.payload ? `Postback ${button.payload}` : button.type}>
      <span className="block truncate">{button.title}</span>
      {button.url ? <NotAWebLink url={button.url} /> : null}
    </span>
  );
}

const tile = "flex min-w-0 items-center gap-2 rounded-lg border border-line bg-surface px-3 py-2 text-sm";

/** One attachment as the customer saw it: media, files, links, cards, carousels and button templates. */
export function AttachmentView({ attachment: a, who }: { attachment: Attachment; who: string }) {
  switch (a.type) {
    case "image": {
      const src = safeHttpUrl(a.url);
      if (a.stickerId !== null) {
        return (
          <>
            <span
              role="img"
              aria-label={`Sticker from ${who}`}
              className="block text-5xl leading-none"
              title={`Sticker ${a.stickerId}`}
            >
              {src ? <img src={src} alt="" className="h-20 w-20 object-contain" /> : "👍"}
            </span>
            {a.url && !src ? <NotAWebLink url={a.url} what="Sticker not shown, not a web address" /> : null}
          </>
        );
      }
      return src ? (
        <ExternalLink href={src} className="block">
          <img
            src={src}
            alt={`Image from ${who}`}
            loading="lazy"
            className="max-h-64 max-w-full rounded-lg border border-line object-cover"
          />
        </ExternalLink>
      ) : (
        <MediaPlaceholder label="Image" url={a.url} missing="Image (no longer available)" />
      );
    }
    case "video": {
      const src = safeHttpUrl(a.url);
      return src ? (
        <video
          controls
          preload="none"
          src={src}
          aria-label={`Video from ${who}`}
          className="max-h-64 max-w-full rounded-lg bg-black"
        >
          <ExternalLink href={src}>Download the video</ExternalLink>
        </video>
      ) : (
        <MediaPlaceholder label="Video" url={a.url} missing="Video (no longer available)" />
      );
    }
    case "audio": {
      const src = safeHttpUrl(a.url);
      return src ? (
        <audio
          controls
          preload="none"
          src={src}
          aria-label={`Audio message from ${who}`}
          className="h-10 max-w-full"
        />
      ) : (
        <MediaPlaceholder label="Audio" url={a.url} missing="Audio" />
      );
    }
    case "file":
      return (
        <LinkOrText url={a.url} className={cn(tile, "flex-wrap")}>
          <span aria-hidden="true">📎</span>
          <span className="min-w-0 flex-1 truncate font-medium">{a.name ?? "File"}</span>
        </LinkOrText>
      );
    case "fallback":
      return (
        <LinkOrText url={a.url} className={cn(tile, "flex-wrap")}>
          <span aria-hidden="true">🔗</span>
          <span className="min-w-0 flex-1 truncate">{a.title ?? safeHttpUrl(a.url) ?? "Shared link"}</span>
        </LinkOrText>
      );
    case "location":
      return (
        <LinkOrText url={a.url} className={cn(tile, "flex-wrap")}>
          <span aria-hidden="true">📍</span>
          <span className="min-w-0 flex-1 truncate">{a.title ?? "Shared location"}</span>
        </LinkOrText>
      );
    case "story_mention": {
      const href = safeHttpUrl(a.url);
      return (
        <div className={cn(tile, "flex-col items-start gap-1")}>
          <span className="flex items-center gap-2 font-medium">
            <span aria-hidden="true">📣</span> Mentioned the Page in their story
          </span>
          {href ? (
            <ExternalLink
              href={href}
              className="text-xs font-medium text-accent-text underline-offset-2 hover:underline"
            >
              Open the story <span aria-hidden="true">↗</span>
            </ExternalLink>
          ) : a.url ? (
            <NotAWebLink url={a.url} what="Story not linked, not a web address" />
          ) : (
            <span className="text-xs text-muted italic">
              The story is no longer available (stories last 24 hours).
            </span>
          )}
        </div>
      );
    }
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
        <ul
          aria-label={a.elements.length > 1 ? `Carousel, ${a.elements.length} cards` : "Card"}
          className="flex max-w-full snap-x gap-2 overflow-x-auto pb-1"
        >
          {a.elements.map((el, i) => {
            const image = safeHttpUrl(el.imageUrl);
            return (
              <li
                key={i}
                className="w-52 shrink-0 snap-start overflow-hidden rounded-lg border border-line bg-surface"
              >
                {image ? (
                  <img src={image} alt="" loading="lazy" className="h-28 w-full object-cover" />
                ) : (
                  <div aria-hidden="true" className="h-2 bg-surface-3" />
                )}
                <div className="px-3 py-2">
                  <p dir="auto" className="truncate text-sm font-semibold">
                    {el.title}
                  </p>
                  {el.subtitle ? (
                    <p dir="auto" className="truncate text-xs text-muted">
                      {el.subtitle}
                    </p>
                  ) : null}
                  {el.imageUrl && !image ? (
                    <NotAWebLink url={el.imageUrl} what="Image not shown, not a web address" />
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
            );
          })}
        </ul>
      );
  }
}
