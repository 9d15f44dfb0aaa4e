import { useMutation, useQueryClient } from "@tanstack/react-query";
import { cannedReply, type CannedReply } from "@contract/api.ts";
import { z } from "zod/mini";
import { api } from "@/lib/api-client.ts";
import { cannedReplyKeys } from "@/shared/query-keys.ts";

export interface SaveCannedReplyVars {
  id: string | null;
  shortcut: string;
  text: string;
  /** Shared with the team (managers and admins only) or the author's own. */
  shared: boolean;
}

/**
 * POST /api/canned-replies (new) or PUT /api/canned-replies/:id (edit), optimistic. Agents save personal replies;
 * shared ones need a manager or an admin (the server answers 403 otherwise).
 */
export function useSaveCannedReply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, shortcut, text, shared }: SaveCannedReplyVars) =>
      id
        ? api("PUT /api/canned-replies/:id", cannedReply, {
            params: { id },
            body: { shortcut, text, shared },
          })
        : api("POST /api/canned-replies", cannedReply, { body: { shortcut, text, shared } }),
    onMutate: async (vars) => {
      await qc.cancelQueries({ queryKey: cannedReplyKeys.all });
      const previous = qc.getQueryData<CannedReply[]>(cannedReplyKeys.all);
      qc.setQueryData<CannedReply[]>(cannedReplyKeys.all, (list = []) =>
        vars.id
          ? list.map((r) => (r.id === vars.id ? { ...r, ...vars, id: r.id } : r))
          : [
              ...list,
              {
                id: `pending-${vars.shortcut}`,
                shortcut: vars.shortcut,
                text: vars.text,
                shared: vars.shared,
              },
            ],
      );
      return { previous };
    },
    onError: (_e, _v, context) => qc.setQueryData(cannedReplyKeys.all, context?.previous),
    onSettled: () => qc.invalidateQueries({ queryKey: cannedReplyKeys.all }),
  });
}

/** DELETE /api/canned-replies/:id, optimistic. */
export function useDeleteCannedReply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api("DELETE /api/canned-replies/:id", z.null(), { params: { id } }),
    onMutate: async (id) => {
      await qc.cancelQueries({ queryKey: cannedReplyKeys.all });
      const previous = qc.getQueryData<CannedReply[]>(cannedReplyKeys.all);
      qc.setQueryData<CannedReply[]>(cannedReplyKeys.all, (list = []) => list.filter((r) => r.id !== id));
      return { previous };
    },
    onError: (_e, _v, context) => qc.setQueryData(cannedReplyKeys.all, context?.previous),
    onSettled: () => qc.invalidateQueries({ queryKey: cannedReplyKeys.all }),
  });
}
