export const conversationIdOf = (pageId: string, psid: string): string => `${pageId}-${psid}`;
/** Zero-padded so that ids sort like the events they come from: the timeline's tie-break at equal times. */
const pad = (n: number) => String(n).padStart(12, "0");
export const systemItemId = (eventId: number, n: number): string => `s${pad(eventId)}.${n}`;
export const messageItemIdOfEvent = (eventId: number): string => `m${pad(eventId)}`;
