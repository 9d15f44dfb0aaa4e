import type { Database } from "./database.ts";

/**
 * Schema changes, applied in order at start. The same SQL runs on PGlite and PostgreSQL.
 * Times are milliseconds since the epoch (bigint), as Meta sends them.
 */
export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "messenger engine",
    sql: `
      create table webhook_batches (
        id bigserial primary key,
        received_at bigint not null,
        body text not null
      );

      create table events (
        id bigserial primary key,
        batch_id bigint references webhook_batches(id),
        conversation_id text,
        page_id text not null,
        psid text not null,
        kind text not null,
        channel text not null,
        at bigint not null,
        dedupe_key text not null unique,
        data json not null
      );
      create index events_conversation on events (conversation_id, at, id);
      create index events_unknown on events (kind) where kind = 'unknown';

      create table agents (
        id text primary key,
        name text not null,
        role text not null default 'agent' check (role in ('agent', 'manager')),
        created_at bigint not null
      );

      create table conversations (
        id text primary key,
        page_id text not null,
        psid text not null,
        customer_name text not null default '',
        avatar_url text,
        profile_fetched boolean not null default false,
        status text not null,
        owner text not null,
        assignee_id text references agents(id),
        flags text[] not null default '{}',
        flagged boolean not null default false,
        escalated_at bigint,
        escalation_reason text,
        last_message_preview text,
        last_message_author text,
        last_message_at bigint,
        last_activity_at bigint not null,
        last_customer_at bigint,
        unread_count integer not null default 0,
        handoff_item_id text,
        state json not null,
        version bigint not null default 1,
        created_at bigint not null
      );
      create index conversations_activity on conversations (last_activity_at desc, id desc);
      create index conversations_status on conversations (status, last_activity_at desc, id desc);
      create index conversations_assignee on conversations (assignee_id, last_activity_at desc, id desc);

      create table timeline_items (
        id text primary key,
        conversation_id text not null references conversations(id),
        at bigint not null,
        kind text not null check (kind in ('message', 'system')),
        mid text unique,
        client_id text,
        author text not null,
        agent_id text references agents(id),
        delivery text,
        error text,
        text text,
        reactions jsonb not null default '[]',
        item json not null,
        source_event_id bigint
      );
      create index timeline_conversation on timeline_items (conversation_id, at, id);
      create unique index timeline_client on timeline_items (conversation_id, client_id) where client_id is not null;
      create index timeline_system_source on timeline_items (conversation_id) where kind = 'system';

      create table timers (
        id bigserial primary key,
        conversation_id text not null references conversations(id),
        kind text not null,
        due_at bigint not null,
        customer_at bigint not null,
        fired_at bigint,
        unique (conversation_id, kind, customer_at)
      );
      create index timers_due on timers (due_at) where fired_at is null;

      create table canned_replies (
        id text primary key,
        shortcut text not null unique,
        text text not null,
        created_at bigint not null
      );
    `,
  },
  {
    version: 2,
    name: "no per-row foreign key checks on the ingest path",
    // The engine writes every event, timeline item and timer in the same transaction that creates or locks its
    // conversation, so these references cannot dangle; checking them cost a trigger query per inserted row.
    sql: `
      alter table events drop constraint if exists events_batch_id_fkey;
      alter table timeline_items drop constraint if exists timeline_items_conversation_id_fkey;
      alter table timers drop constraint if exists timers_conversation_id_fkey
    `,
  },
  {
    version: 3,
    name: "conversation state knows its last activity",
    // The state machine now keeps lastActivityAt (what orders the inbox); states stored before start from the
    // column it used to be written to.
    sql: `
      update conversations set state = (state::jsonb || jsonb_build_object('lastActivityAt', last_activity_at))::json
      where state::jsonb -> 'lastActivityAt' is null
    `,
  },
];

/** Applies pending migrations. On PostgreSQL an advisory lock keeps two starting instances from racing. */
export async function migrate(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    if (db.kind === "postgres") await tx.query("select pg_advisory_xact_lock(7313001)");
    await tx.query(`create table if not exists schema_migrations (version integer primary key, name text not null, applied_at bigint not null)`);
    const done = new Set((await tx.query<{ version: number }>("select version from schema_migrations")).map((r) => r.version));
    let applied = 0;
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const statement of m.sql.split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) {
        await tx.query(statement);
      }
      await tx.query("insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)", [m.version, m.name, Date.now()]);
      applied += 1;
    }
    return applied;
  });
}
