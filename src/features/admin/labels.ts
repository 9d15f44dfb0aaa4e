import type { AuditAction, Role } from "@contract/auth.ts";

export const roleLabel: Record<Role, string> = { agent: "Agent", manager: "Manager", admin: "Admin" };

export const roleHelp: Record<Role, string> = {
  agent: "answers conversations, assigns them to themselves",
  manager: "also assigns to anyone, reviews Bot Resolved, keeps shared canned replies",
  admin: "also manages agents, invitations and the audit log",
};

export const auditActionLabel: Record<AuditAction, string> = {
  sign_in: "Signed in",
  sign_in_failed: "Sign-in failed",
  sign_out: "Signed out",
  sign_out_everywhere: "Signed out everywhere",
  account_locked: "Sign-in locked",
  setup: "Set Baton up",
  invite: "Invited",
  invite_revoked: "Revoked an invitation",
  invite_accepted: "Accepted an invitation",
  reset_link: "Created a password reset link",
  password_reset: "Reset their password",
  role_changed: "Changed a role",
  renamed: "Renamed",
  deactivated: "Deactivated",
  reactivated: "Reactivated",
  embedded_sign_in: "Signed in from the embedded host",
  resolve: "Resolved",
  reopen: "Reopened",
  assign: "Assigned",
  take_control: "Took control",
  hand_back: "Handed back to the bot",
};

/** Actions an admin should notice in the log. */
export const alarming = new Set<AuditAction>([
  "sign_in_failed",
  "account_locked",
  "deactivated",
  "sign_out_everywhere",
]);
