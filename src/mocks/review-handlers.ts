import type { HttpHandler } from "msw";
import type { Role } from "@contract/auth.ts";
import type { Agent, ConversationSummary } from "@contract/conversation.ts";
import {
  REOPENING_VERDICTS,
  type KnowledgeGap,
  type ReviewItem,
  type ReviewProgress,
  type Verdict,
} from "@contract/review.ts";
import {
  buildKnowledgeGaps,
  buildReviewCases,
  buildReviewProgress,
  groupGaps,
  REVIEWER,
} from "@/mocks/review-fixtures.ts";
import { MockApiError } from "@/mocks/mock-errors.ts";
import { answer, mockRoutes } from "@/mocks/mock-routes.ts";

/**
 * The review queue's endpoints for the mock backend (issue 10), against the contract (contract/review.ts):
 * GET /api/review/queue, POST /api/review/verdicts, PUT /api/review/goal, GET /api/review/knowledge-gaps (JSON, or
 * text/csv with ?format=csv). Managers and admins only, as contract/routes.ts says (401 signed out, 403 for agents).
 */
export class ReviewMockStore {
  /** What is left to review, oldest first. */
  items: ReviewItem[];
  progress: ReviewProgress;
  gaps: KnowledgeGap[];
  /** Every verdict body received, in order (tests read what the UI sent). */
  readonly received: unknown[] = [];
  /** Conversations reopened by a verdict, and to whom. */
  readonly reopened: { conversationId: string; assigneeId: string | null }[] = [];
  /** Resolutions reviewed here, with their verdicts (a verdict may be changed later). */
  readonly reviewed = new Map<string, ReviewItem>();

  constructor(
    options: { items?: ReviewItem[]; progress?: ReviewProgress; gaps?: KnowledgeGap[]; now?: Date } = {},
  ) {
    this.items = options.items ?? buildReviewCases({ now: options.now }).map((c) => c.item);
    this.progress = options.progress ?? buildReviewProgress();
    this.gaps = options.gaps ?? buildKnowledgeGaps({ now: options.now }).groups.flatMap((g) => g.gaps);
  }
}

export interface ReviewHandlerOptions {
  store?: ReviewMockStore;
  /**
   * Who is signed in (the main list: the mock session): the route table's access answers 401 to nobody and 403 to
   * an agent. Default: the demo manager, for stories and tests that render the queue alone.
   */
  reviewer?: () => (Agent & { role: Role }) | null;
  /**
   * A verdict reopens a conversation for a human and assigns it (the main list: MockDb's reopen and assign, the
   * server's rules). Its answer is the conversation the verdict's item shows; a MockApiError it throws is the
   * verdict's answer, and the queue is left as it was.
   */
  onReopen?: (conversationId: string, assigneeId: string | null) => ConversationSummary | undefined;
  /**
   * The conversation as it is now (the main list: the mock database), so the queue shows its live state; null when
   * the database has no such conversation, and the item is left out (as the server's queue leaves it out).
   */
  conversation?: (conversationId: string) => ConversationSummary | null;
  now?: () => Date;
}

const csvCell = (value: string | null) => {
  const s = value ?? "";
  // A leading = + - @be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

function knowledgeGapsCsv(gaps: KnowledgeGap[]): string {
  const header = ["flow", "question", "reason", "note", "at", "conversation_id", "resolution_id"];
  const rows = groupGaps(gaps).groups.flatMap((g) =>
    g.gaps.map((gap) =>
      [gap.flow, gap.question, gap.reason, gap.note, gap.at, gap.conversationId, gap.resolutionId].map(
        csvCell,
      ),
    ),
  );
  return [header, ...rows].map((r) => r.join(",")).join("\r\n") + "\r\n";
}

export function createReviewHandlers(options: ReviewHandlerOptions = {}): HttpHandler[] {
  const store = options.store ?? new ReviewMockStore();
  const who = options.reviewer ?? (() => ({ ...REVIEWER, role: "manager" as const }));
  const now = options.now ?? (() => new Date());
  const route = mockRoutes(who);
  /** The reviewer (the route's access already answered 401 to nobody). */
  const reviewer = (): Agent => {
    const agent = who();
    if (!agent) throw new MockApiError(401, "not_signed_in", "Sign in to Baton first.");
    return agent;
  };
  /** The item with its conversation as the database has it now (null: the database has no such conversation). */
  const live = (item: ReviewItem): ReviewItem | null => {
    if (!options.conversation) return item;
    const conversation = options.conversation(item.conversation.id);
    return conversation ? { ...item, conversation } : null;
  };

  return [
    route.json("GET /api/review/queue", () => ({
      items: store.items.flatMap((item) => live(item) ?? []),
      progress: store.progress,
    })),

    route.json("POST /api/review/verdicts", ({ body, sent }) => {
      const agent = reviewer();
      store.received.push(sent);
      const queued = store.items.find((i) => i.resolution.id === body.resolutionId);
      const earlier = queued ?? store.reviewed.get(body.resolutionId);
      if (!earlier) throw new MockApiError(404, "not_found", "No such resolution.");
      if (body.reopen && !REOPENING_VERDICTS.has(body.verdict))
        throw new MockApiError(
          400,
          "invalid_request",
          "Only a false resolution or a missed escalation reopens.",
        );
      // The reopen first: a refused one (a deactivated assignee) leaves the queue as it was.
      const reopened = body.reopen
        ? options.onReopen?.(earlier.resolution.conversationId, body.reopen.assigneeId)
        : undefined;
      const verdict: Verdict = {
        resolutionId: body.resolutionId,
        verdict: body.verdict,
        reason: body.reason,
        note: body.note,
        reviewer: { id: agent.id, name: agent.name },
        at: now().toISOString(),
      };
      const item: ReviewItem = { ...earlier, verdicts: [verdict, ...earlier.verdicts] };
      // A resolution leaves the queue for good once it has a verdict; changing it later counts once.
      if (queued) {
        store.items = store.items.filter((i) => i.resolution.id !== body.resolutionId);
        store.progress = {
          ...store.progress,
          reviewedToday: store.progress.reviewedToday + 1,
          reviewedThisWeek: store.progress.reviewedThisWeek + 1,
        };
      }
      store.reviewed.set(body.resolutionId, item);
      store.gaps = store.gaps.filter((g) => g.resolutionId !== body.resolutionId);
      if (
        (body.reason === "missing_knowledge" || body.reason === "wrong_answer") &&
        item.resolution.lastCustomerText
      )
        store.gaps.push({
          resolutionId: body.resolutionId,
          conversationId: item.resolution.conversationId,
          flow: item.resolution.flow,
          question: item.resolution.lastCustomerText,
          reason: body.reason,
          note: body.note,
          at: verdict.at,
        });
      if (body.reopen)
        store.reopened.push({
          conversationId: item.resolution.conversationId,
          assigneeId: body.reopen.assigneeId,
        });
      return {
        item: reopened ? { ...item, conversation: reopened } : (live(item) ?? item),
        progress: store.progress,
      };
    }),

    route.json("PUT /api/review/goal", ({ body }) => {
      store.progress = { ...store.progress, ...body };
      return store.progress;
    }),

    // JSON through the table's schema, or text/csv: a raw route with the table's access and query (as the server's).
    route.raw("GET /api/review/knowledge-gaps", ({ query }) =>
      query.format === "json"
        ? answer("GET /api/review/knowledge-gaps", groupGaps(store.gaps))
        : new Response(knowledgeGapsCsv(store.gaps), {
            headers: {
              "content-type": "text/csv; charset=utf-8",
              "content-disposition": 'attachment; filename="knowledge-gaps.csv"',
            },
          }),
    ),
  ];
}
