import { useEffect, useRef } from "react";

/**
 * Named commands that keyboard shortcuts trigger. Features register what a command does where they live;
 * the app maps keys to command names. Features never need to know each other.
 */
export type Command =
  | "list.next"
  | "list.prev"
  | "list.open"
  | "search.focus"
  | "reply.focus"
  | "conversation.resolve"
  | "conversation.assignMe";

const registry = new Map<Command, () => void>();

export function runCommand(command: Command): boolean {
  const handler = registry.get(command);
  if (!handler) return false;
  handler();
  return true;
}

/** Registers a handler for as long as the component is mounted; the latest closure is always used. */
export function useCommand(command: Command, handler: () => void, enabled = true): void {
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const run = () => ref.current();
    registry.set(command, run);
    return () => {
      if (registry.get(command) === run) registry.delete(command);
    };
  }, [command, enabled]);
}
