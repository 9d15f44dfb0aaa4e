import { http, HttpResponse, type HttpHandler } from "msw";
import { roleAtLeast } from "@contract/auth.ts";
import type { Agent } from "@contract/conversation.ts";
import {
  reviewGoalBody,
  verdictBody,
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

/**
 * The review queue's endpoints for the mock backend (issue 10), against the contract (contract/review.ts):
 * GET /api/review/queue, POST /api/review/verdicts, PUT /api/review/goal, GET /api/review/knowledge-gaps (JSON, or
 * text/csv with ?format=csv). Managers and admins only, as the server will enforce.
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
  /** Who is asking: null answers 401, an agent 403. Default: the demo manager. */
  reviewer?: () => Agent | null;
  /** A verdict reopened a conversation for a human (the main mock database reopens and assigns it). */
  onReopen?: (conversationId: string, assigneeId: string | null) => void;
  now?: () => Date;
}

const fail = (status: number, code: string, message: string) =>
  HttpResponse.json({ error: { code, message } }, { status });

const csvCell = (value: string | null) => {
  const s = value ?? "";
  // A leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export function knowledgeGapsCsv(gaps: KnowledgeGap[]): string {
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
  const guard = (): Agent | Response => {
    const agent = who();
    if (!agent) return fail(401, "unauthorized", "Sign in first.");
    if (!roleAtLeast(agent.role, "manager"))
      return fail(403, "forbidden", "Only managers and admins review what the bot resolved.");
    return agent;
  };

  return [
    http.get("*/api/review/queue", () => {
      const agent = guard();
      if (agent instanceof Response) return agent;
      return HttpResponse.json({ items: store.items, progress: store.progress });
    }),

    http.post("*/api/review/verdicts", async ({ request }) => {
      const agent = guard();
      if (agent instanceof Response) return agent;
      const json: unknown = await request.json().catch(() => null);
      store.received.push(json);
      const parsed = verdictBody.safeParse(json);
      if (!parsed.success)
        return HttpResponse.json(
          {
            error: {
              code: "invalid_request",
              message: "The request is not valid.",
              issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
            },
          },
          { status: 400 },
        );
      const body = parsed.data;
      const queued = store.items.find((i) => i.resolution.id === body.resolutionId);
      const earlier = queued ?? store.reviewed.get(body.resolutionId);
      if (!earlier) return fail(404, "not_found", "No such resolution.");
      if (body.reopen && body.verdict !== "false_resolution" && body.verdict !== "should_have_escalated")
        return fail(400, "invalid_request", "Only a false resolution or a missed escalation reopens.");
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
      if (body.reopen) {
        store.reopened.push({
          conversationId: item.resolution.conversationId,
          assigneeId: body.reopen.assigneeId,
        });
        options.onReopen?.(item.resolution.conversationId, body.reopen.assigneeId);
      }
      return HttpResponse.json({ item, progress: store.progress });
    }),

    http.put("*/api/review/goal", async ({ request }) => {
      const agent = guard();
      if (agent instanceof Response) return agent;
      const parsed = reviewGoalBody.safeParse(await request.json().catch(() => null));
      if (!parsed.success) return fail(400, "invalid_request", "The goal must be a whole number.");
      store.progress = { ...store.progress, ...parsed.data };
      return HttpResponse.json({ progress: store.progress });
    }),

    http.get("*/api/review/knowledge-gaps", ({ request }) => {
      const agent = guard();
      if (agent instanceof Response) return agent;
      if (new URL(request.url).searchParams.get("format") === "csv")
        return new HttpResponse(knowledgeGapsCsv(store.gaps), {
          headers: {
            "content-type": "text/csv; charset=utf-8",
            "content-disposition": 'attachment; filename="knowledge-gaps.csv"',
          },
        });
      return HttpResponse.json(groupGaps(store.gaps));
    }),
  ];
}
