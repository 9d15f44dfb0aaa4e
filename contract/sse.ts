/** One Server-Sent Event as the live stream frames it: its `data:` lines joined, and its `id:` when it has one. */
interface SseEvent {
  data: string;
  id: string | undefined;
}

/**
 * Splits an SSE byte stream into events: each block's `data:` lines joined, and its `id:` when it has one (an
 * id with no data still moves the resume point).
 */
export function parseSseChunk(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      else if (line.startsWith("id:")) id = line.slice(3).replace(/^ /, "");
    }
    if (data.length > 0 || id !== undefined) events.push({ data: data.join("\n"), id });
  }
  return { events, rest };
}
