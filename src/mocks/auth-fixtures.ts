import type {
  AgentAccount,
  AuditAction,
  AuditEntry,
  Invitation,
  UnprocessableEvent,
} from "@contract/auth.ts";

/**
 * Accounts, invitations, audit entries and unprocessable webhook events for the mock backend (src/mocks/mock-auth.ts),
 * the unit tests and the previews. The first four accounts are fixtures.ts' agents (same ids and names), so the
 * generated conversations' assignees are real accounts.
 */

/** Every mock account's password (the local demo prints it next to each one-click button). */
export const MOCK_PASSWORD = "baton-demo-password";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface AccountSeed {
  id: string;
  name: string;
  email: string | null;
  role: AgentAccount["role"];
  active: boolean;
  externalHost: string | null;
  /** Minutes since the account was last active; null: never signed in. */
  lastActiveMinutesAgo: number | null;
  createdDaysAgo: number;
}

const seeds: AccountSeed[] = [
  {
    id: "agent-ana",
    name: "Ana Silva",
    email: "ana@demo-shop.example",
    role: "agent",
    active: true,
    externalHost: null,
    lastActiveMinutesAgo: 2,
    createdDaysAgo: 200,
  },
  {
    id: "agent-ben",
    name: "Ben Okafor",
    email: "ben@demo-shop.example",
    role: "agent",
    active: true,
    externalHost: null,
    lastActiveMinutesAgo: 35,
    createdDaysAgo: 180,
  },
  {
    id: "agent-chloe",
    name: "Chloé Dubois",
    email: "chloe@demo-shop.example",
    role: "manager",
    active: true,
    externalHost: null,
    lastActiveMinutesAgo: 3 * 60,
    createdDaysAgo: 320,
  },
  {
    id: "agent-dmitri",
    name: "Dmitri Volkov",
    email: "dmitri@demo-shop.example",
    role: "agent",
    active: true,
    externalHost: null,
    lastActiveMinutesAgo: 26 * 60,
    createdDaysAgo: 90,
  },
  {
    id: "agent-erin",
    name: "Erin Park",
    email: "erin@demo-shop.example",
    role: "admin",
    active: true,
    externalHost: null,
    lastActiveMinutesAgo: 12,
    createdDaysAgo: 400,
  },
  {
    id: "agent-farid",
    name: "Farid Haddad",
    email: "farid@demo-shop.example",
    role: "agent",
    active: false,
    externalHost: null,
    lastActiveMinutesAgo: 12 * 24 * 60,
    createdDaysAgo: 150,
  },
  {
    id: "agent-gita",
    name: "Gita Rao",
    email: "gita@demo-shop.example",
    role: "agent",
    active: true,
    externalHost: "shopify",
    lastActiveMinutesAgo: 90,
    createdDaysAgo: 30,
  },
];

export const ADMIN_ID = "agent-erin";
export const MANAGER_ID = "agent-chloe";

export function buildAccounts(now: Date): AgentAccount[] {
  return seeds.map((s) => ({
    id: s.id,
    name: s.name,
    email: s.email,
    role: s.role,
    active: s.active,
    lastActiveAt:
      s.lastActiveMinutesAgo === null
        ? null
        : new Date(now.getTime() - s.lastActiveMinutesAgo * MINUTE).toISOString(),
    createdAt: new Date(now.getTime() - s.createdDaysAgo * DAY).toISOString(),
    externalHost: s.externalHost,
  }));
}

export function buildInvitations(now: Date): Invitation[] {
  return [
    {
      id: "inv-1",
      email: "hana@demo-shop.example",
      role: "agent",
      invitedBy: "Erin Park",
      createdAt: new Date(now.getTime() - 26 * HOUR).toISOString(),
      expiresAt: new Date(now.getTime() + 6 * DAY - 2 * HOUR).toISOString(),
    },
    {
      id: "inv-2",
      email: "luis@demo-shop.example",
      role: "manager",
      invitedBy: "Erin Park",
      createdAt: new Date(now.getTime() - 3 * DAY).toISOString(),
      expiresAt: new Date(now.getTime() + 4 * DAY).toISOString(),
    },
  ];
}

interface AuditSeed {
  action: AuditAction;
  actor: string | null;
  target: string | null;
  detail?: AuditEntry["detail"];
  ip?: string | null;
}

const names: Record<string, string> = Object.fromEntries(seeds.map((s) => [s.id, s.name]));

/** A realistic history, oldest first; entries get ids 1..n so the newest has the highest id (the cursor). */
const auditScript: AuditSeed[] = [
  { action: "setup", actor: "agent-erin", target: "agent-erin" },
  { action: "invite", actor: "agent-erin", target: "chloe@demo-shop.example", detail: { role: "manager" } },
  { action: "invite_accepted", actor: "agent-chloe", target: "agent-chloe" },
  { action: "invite", actor: "agent-erin", target: "ana@demo-shop.example", detail: { role: "agent" } },
  { action: "invite_accepted", actor: "agent-ana", target: "agent-ana" },
  { action: "invite", actor: "agent-erin", target: "ben@demo-shop.example", detail: { role: "agent" } },
  { action: "invite_accepted", actor: "agent-ben", target: "agent-ben" },
  { action: "invite", actor: "agent-erin", target: "farid@demo-shop.example", detail: { role: "agent" } },
  { action: "invite_accepted", actor: "agent-farid", target: "agent-farid" },
  { action: "sign_in", actor: "agent-ana", target: "agent-ana" },
  { action: "assign", actor: "agent-chloe", target: "c-4", detail: { to: "Ana Silva" } },
  { action: "take_control", actor: "agent-ana", target: "c-4" },
  { action: "resolve", actor: "agent-ana", target: "c-4" },
  { action: "sign_in_failed", actor: null, target: "dmitri@demo-shop.example", ip: "203.0.113.50" },
  { action: "sign_in_failed", actor: null, target: "dmitri@demo-shop.example", ip: "203.0.113.50" },
  { action: "reset_link", actor: "agent-erin", target: "agent-dmitri" },
  { action: "password_reset", actor: "agent-dmitri", target: "agent-dmitri", ip: "198.51.100.23" },
  {
    action: "embedded_sign_in",
    actor: "agent-gita",
    target: "agent-gita",
    detail: { host: "shopify" },
    ip: "198.51.100.80",
  },
  { action: "hand_back", actor: "agent-ben", target: "c-9" },
  { action: "reopen", actor: "agent-chloe", target: "c-12" },
  {
    action: "renamed",
    actor: "agent-erin",
    target: "agent-dmitri",
    detail: { from: "Dima Volkov", to: "Dmitri Volkov" },
  },
  {
    action: "role_changed",
    actor: "agent-erin",
    target: "agent-chloe",
    detail: { from: "agent", to: "manager" },
  },
  { action: "sign_in_failed", actor: null, target: "unknown@example.com", ip: "192.0.2.77" },
  { action: "sign_in_failed", actor: null, target: "unknown@example.com", ip: "192.0.2.77" },
  { action: "sign_in_failed", actor: null, target: "unknown@example.com", ip: "192.0.2.77" },
  { action: "sign_in_failed", actor: null, target: "unknown@example.com", ip: "192.0.2.77" },
  { action: "sign_in_failed", actor: null, target: "unknown@example.com", ip: "192.0.2.77" },
  {
    action: "account_locked",
    actor: null,
    target: "unknown@example.com",
    detail: { minutes: 15 },
    ip: "192.0.2.77",
  },
  { action: "deactivated", actor: "agent-erin", target: "agent-farid" },
  { action: "sign_out_everywhere", actor: "agent-ben", target: "agent-ben" },
  { action: "invite", actor: "agent-erin", target: "luis@demo-shop.example", detail: { role: "manager" } },
  { action: "invite", actor: "agent-erin", target: "tom@demo-shop.example", detail: { role: "agent" } },
  { action: "invite_revoked", actor: "agent-erin", target: "tom@demo-shop.example" },
  { action: "sign_in", actor: "agent-ben", target: "agent-ben" },
  { action: "assign", actor: "agent-ben", target: "c-2", detail: { to: "Ben Okafor" } },
  { action: "invite", actor: "agent-erin", target: "hana@demo-shop.example", detail: { role: "agent" } },
  { action: "sign_in", actor: "agent-chloe", target: "agent-chloe" },
  { action: "resolve", actor: "agent-ben", target: "c-2" },
  { action: "sign_out", actor: "agent-dmitri", target: "agent-dmitri" },
  { action: "sign_in", actor: "agent-erin", target: "agent-erin", ip: "198.51.100.7" },
];

export function buildAuditEntries(now: Date): AuditEntry[] {
  const n = auditScript.length;
  return auditScript
    .map((s, i): AuditEntry => ({
      id: String(i + 1),
      // Spread over the last two weeks, the newest a few minutes ago.
      at: new Date(now.getTime() - (n - i) * 8 * HOUR + 7 * HOUR + 50 * MINUTE).toISOString(),
      actor: s.actor ? { id: s.actor, name: names[s.actor] ?? s.actor } : null,
      action: s.action,
      target: s.target,
      detail: s.detail ?? {},
      ip: s.ip === undefined ? "198.51.100.14" : s.ip,
    }))
    .reverse();
}

export function buildUnprocessableEvents(now: Date): UnprocessableEvent[] {
  return [
    {
      id: "ue-3",
      receivedAt: new Date(now.getTime() - 40 * MINUTE).toISOString(),
      reason:
        'The event names neither a message, a postback nor a handover: Baton does not know the field "messaging_feedback".',
      raw: JSON.stringify(
        {
          sender: { id: "6120449932" },
          recipient: { id: "100200300" },
          timestamp: 1736937720000,
          messaging_feedback: {
            feedback_screens: [{ screen_id: 0, questions: { csat: { type: "csat", payload: "4" } } }],
          },
        },
        null,
        2,
      ),
    },
    {
      id: "ue-2",
      receivedAt: new Date(now.getTime() - 5 * HOUR).toISOString(),
      reason: "The message text contains a NUL character, which PostgreSQL cannot store.",
      raw: JSON.stringify(
        {
          sender: { id: "5521987700" },
          recipient: { id: "100200300" },
          timestamp: 1736920000000,
          message: { mid: "m_AbC123", text: "hello\u0000world" },
        },
        null,
        2,
      ),
    },
    {
      id: "ue-1",
      receivedAt: new Date(now.getTime() - 2 * DAY).toISOString(),
      reason: "The sender id is missing.",
      raw: JSON.stringify(
        {
          recipient: { id: "100200300" },
          timestamp: 1736800000000,
          message: { mid: "m_Zz9", text: "Is anyone there?" },
        },
        null,
        2,
      ),
    },
  ];
}
