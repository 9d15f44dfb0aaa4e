/** A chart's key in HTML (readable text at the page's size, in both themes): a swatch and a label per series. */
export function Legend({
  items,
  label,
}: {
  items: readonly { label: string; color: string }[];
  label: string;
}) {
  return (
    <ul aria-label={label} className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="h-2.5 w-2.5 rounded-sm" style={{ background: item.color }} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
