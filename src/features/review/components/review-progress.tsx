import { useId, useState, type FormEvent } from "react";
import type { ReviewProgress } from "@contract/review.ts";
import { Button } from "@/components/ui/button.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { useSetReviewGoal } from "@/features/review/api/set-review-goal.ts";

function Bar({ label, done, goal }: { label: string; done: number; goal: number }) {
  const share = goal > 0 ? Math.min(1, done / goal) : 0;
  return (
    <div className="flex flex-col gap-1">
      <p className="flex justify-between gap-2 text-xs">
        <span className="text-muted">{label}</span>
        <span className="font-medium tabular-nums">
          {done} {goal > 0 ? `of ${goal}` : "(no goal)"}
        </span>
      </p>
      <div aria-hidden="true" className="h-1.5 overflow-hidden rounded-full bg-surface-3">
        <div
          className={share >= 1 ? "h-full bg-success" : "h-full bg-accent"}
          style={{ width: `${Math.round(share * 100)}%` }}
        />
      </div>
    </div>
  );
}

/** Reviewed today and this week against the team's goal; a manager sets the goal here. */
export function ReviewProgressPanel({
  progress,
  canSetGoal,
}: {
  progress: ReviewProgress;
  canSetGoal: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [daily, setDaily] = useState(String(progress.dailyGoal));
  const [weekly, setWeekly] = useState(String(progress.weeklyGoal));
  const setGoal = useSetReviewGoal();
  const headingId = useId();

  const open = () => {
    setDaily(String(progress.dailyGoal));
    setWeekly(String(progress.weeklyGoal));
    setGoal.reset();
    setEditing(true);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setGoal.mutate(
      { dailyGoal: Number(daily), weeklyGoal: Number(weekly) },
      { onSuccess: () => setEditing(false) },
    );
  };

  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2 border-b border-line p-3">
      <div className="flex items-center justify-between gap-2">
        <h2 id={headingId} className="text-sm font-semibold">
          Reviewed
        </h2>
        {canSetGoal && !editing ? (
          <Button size="sm" variant="ghost" onClick={open}>
            Set goal
          </Button>
        ) : null}
      </div>
      <Bar label="Today" done={progress.reviewedToday} goal={progress.dailyGoal} />
      <Bar label="This week" done={progress.reviewedThisWeek} goal={progress.weeklyGoal} />
      {editing ? (
        <form onSubmit={submit} aria-label="Reviewing goal" className="flex flex-col gap-2 pt-1">
          <div className="flex gap-2">
            <label className="flex flex-1 flex-col gap-1 text-xs text-muted">
              Daily goal
              <input
                type="number"
                min={0}
                max={10000}
                step={1}
                required
                value={daily}
                onChange={(e) => setDaily(e.target.value)}
                className="rounded border border-line bg-surface px-2 py-1 text-sm text-fg"
              />
            </label>
            <label className="flex flex-1 flex-col gap-1 text-xs text-muted">
              Weekly goal
              <input
                type="number"
                min={0}
                max={70000}
                step={1}
                required
                value={weekly}
                onChange={(e) => setWeekly(e.target.value)}
                className="rounded border border-line bg-surface px-2 py-1 text-sm text-fg"
              />
            </label>
          </div>
          <div className="flex gap-2">
            <Button type="submit" size="sm" variant="primary" disabled={setGoal.isPending}>
              Save goal
            </Button>
            <Button size="sm" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
          {setGoal.isError ? (
            <p role="alert" className="text-xs text-danger">
              {errorMessage(setGoal.error)}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
