/** Above the Bot Resolved list: what this view is for and how it is ordered. */
export function ReviewIntro() {
  return (
    <p className="border-b border-line bg-surface-2 px-3 py-2 text-xs text-muted">
      Conversations the bot closed. <span className="font-semibold text-danger">⚑ Flagged</span> ones come
      first: check that nobody is left waiting.
    </p>
  );
}
