export const conversationIdOf = (pageId: string, psid: string): string => `${pageId}-${psid}`;
export const systemItemId = (eventId: number, n: number): string => `s${eventId}.${n}`;
export const messageItemIdOfEvent = (eventId: number): string => `m${eventId}`;
