/** Apps Meta itself connects to every Page. Pure, so the SPA's mock backend can run the state machine too. */

/** Meta's own inbox (Page Inbox / Business Suite) as a connected app. */
export const PAGE_INBOX_APP_ID = "263902037430900";
