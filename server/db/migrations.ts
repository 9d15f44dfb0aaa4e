import type { Database } from "./database.ts";

/**
 * Schema changes, applied in order at start. The same SQL runs on PGlite and PostgreSQL.
 * Times are milliseconds since the epoch (bigint), as Meta sends them.
 */
const migrations: { version: number; name: string; sql: string }[] = [
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
  {
    version: 4,
    name: "accounts, sessions, one-time links, sign-in throttling, audit log",
    // Roles gain admin. Passwords are Argon2id hashes; session and link tokens are stored only as an HMAC under
    // SESSION_SECRET, so a copy of the database signs nobody in. Canned replies gain an owner (null: shared).
    sql: `
      alter table agents drop constraint if exists agents_role_check;
      alter table agents add constraint agents_role_check check (role in ('agent', 'manager', 'admin'));
      alter table agents add column email text;
      create unique index agents_email on agents (email) where email is not null;
      alter table agents add column password_hash text;
      alter table agents add column active boolean not null default true;
      alter table agents add column last_active_at bigint;
      alter table agents add column external_host text;
      alter table agents add column external_subject text;
      create unique index agents_external on agents (external_host, external_subject) where external_host is not null;

      create table sessions (
        id text primary key,
        agent_id text not null references agents(id) on delete cascade,
        via text not null check (via in ('cookie', 'bearer')),
        created_at bigint not null,
        last_seen_at bigint not null,
        expires_at bigint not null,
        ip text,
        user_agent text
      );
      create index sessions_agent on sessions (agent_id);

      create table auth_links (
        id text primary key,
        public_id text not null unique,
        kind text not null check (kind in ('setup', 'invite', 'reset')),
        agent_id text references agents(id) on delete cascade,
        email text,
        role text,
        created_by text,
        created_at bigint not null,
        expires_at bigint not null,
        used_at bigint
      );

      create table sign_in_throttle (
        key text primary key,
        failures integer not null,
        first_failure_at bigint not null,
        locked_until bigint
      );

      create table audit_log (
        id bigserial primary key,
        at bigint not null,
        actor_id text,
        action text not null,
        target text,
        detail json not null default '{}',
        ip text
      );

      create table embedded_token_uses (
        id text primary key,
        expires_at bigint not null
      );

      create table app_meta (
        key text primary key,
        value text not null
      );

      alter table canned_replies add column owner_id text references agents(id) on delete cascade;
      alter table canned_replies drop constraint if exists canned_replies_shortcut_key;
      create unique index canned_replies_owner_shortcut on canned_replies (coalesce(owner_id, ''), shortcut)
    `,
  },
  {
    version: 5,
    name: "unprocessable webhook events",
    // Events of a signed batch that cannot be stored (a NUL character, a timestamp that is not a time, nesting
    // thousands deep) are kept here raw instead of failing the whole batch, which Meta would re-deliver forever.
    // batch_id points at the stored body; fingerprint stores a re-delivered event once.
    sql: `
      create table unprocessable_events (
        id bigserial primary key,
        received_at bigint not null,
        batch_id bigint,
        page_id text,
        reason text not null,
        raw text not null,
        fingerprint text not null
      );
      create unique index unprocessable_events_fingerprint on unprocessable_events (fingerprint)
    `,
  },
  {
    version: 6,
    name: "messenger signals: learned handoff buttons, policy alerts, referrals, edits and unsends",
    // handoff_buttons: titles the Page's bot sends with a handoff payload, learned from its echoes (title_key is the
    // normalised title), so a standby postback without its payload is recognised by its title. policy_alerts: Meta's
    // policy-enforcement events, one per event, until a manager acknowledges them. conversations.referral: the latest
    // referral (ad, m.me link), shown and searched. The index finds edits and unsends of a message stored after them.
    sql: `
      create table handoff_buttons (
        page_id text not null,
        title_key text not null,
        title text not null,
        payload text not null,
        source text not null,
        first_seen_at bigint not null,
        last_seen_at bigint not null,
        primary key (page_id, title_key)
      );

      create table policy_alerts (
        id bigserial primary key,
        page_id text not null,
        action text not null,
        reason text,
        at bigint not null,
        received_at bigint not null,
        event_id bigint unique,
        acknowledged_by text references agents(id) on delete set null,
        acknowledged_at bigint
      );
      create index policy_alerts_open on policy_alerts (at desc, id desc) where acknowledged_at is null;

      alter table conversations add column referral json;

      create index events_message_changes on events ((data->>'mid')) where kind in ('message_edit', 'message_deleted')
    `,
  },
  {
    version: 7,
    name: "managers' review and insights: bot resolutions, verdicts, review settings, insight columns",
    // bot_resolutions: one row per time the bot resolved a conversation, written by the engine in the ingest
    // transaction (confirmed_at and reopened_at later, by the customer's next turn); sampled_on marks the random daily
    // review sample (the day it was drawn for), kept apart from the targeted queue sources. review_verdicts keeps every
    // verdict given: the current one is the newest row per resolution. review_settings is one row (id 1), absent
    // until a manager changes something (then the defaults of server/review/settings apply). review_sample_days
    // records which days' samples were drawn, so a day is sampled once. The conversation columns let the insights
    // read one row per conversation: first_customer_at, bot_first_at (the bot spoke), handoff_at and its reason kind
    // (kept when the conversation is later resolved, unlike escalated_at), the first human reply after the handoff and
    // who wrote it, and the bot's flow.
    sql: `
      create table bot_resolutions (
        id text primary key,
        conversation_id text not null,
        page_id text not null,
        flow text not null default 'other'
          check (flow in ('abandoned_cart', 'shipping', 'welcome', 'review', 'broadcast', 'other')),
        resolved_at bigint not null,
        confirmed_at bigint,
        reopened_at bigint,
        last_customer_text text,
        last_customer_asked boolean not null default false,
        sampled_on date,
        sample_stratum text
      );
      create index bot_resolutions_conversation on bot_resolutions (conversation_id, resolved_at desc);
      create index bot_resolutions_resolved on bot_resolutions (resolved_at);
      create index bot_resolutions_sampled on bot_resolutions (sampled_on) where sampled_on is not null;
      create index bot_resolutions_reopened on bot_resolutions (reopened_at) where reopened_at is not null;

      create table review_verdicts (
        id bigserial primary key,
        resolution_id text not null,
        reviewer_id text not null,
        at bigint not null,
        verdict text not null
          check (verdict in ('correct', 'false_resolution', 'should_have_escalated', 'abandoned', 'not_a_request')),
        reason text check (reason in ('wrong_answer', 'missing_knowledge', 'wrong_order_data', 'closed_mid_thread',
          'looping', 'failed_handoff', 'autoresponder', 'tone')),
        note text
      );
      create index review_verdicts_resolution on review_verdicts (resolution_id, at desc, id desc);
      create index review_verdicts_at on review_verdicts (at);
      create index review_verdicts_gaps on review_verdicts (resolution_id) where reason in ('wrong_answer', 'missing_knowledge');

      create table review_settings (
        id integer primary key check (id = 1),
        daily_goal integer not null,
        weekly_goal integer not null,
        sample_share double precision not null check (sample_share >= 0 and sample_share <= 1),
        quiet_minutes integer not null check (quiet_minutes > 0),
        confirm_phrases text[],
        confirm_payloads text[],
        updated_by text,
        updated_at bigint
      );

      create table review_sample_days (
        day date primary key,
        drawn_at bigint not null,
        share double precision not null,
        resolutions integer not null,
        sampled integer not null
      );

      alter table conversations add column first_customer_at bigint;
      alter table conversations add column bot_first_at bigint;
      alter table conversations add column handoff_at bigint;
      alter table conversations add column handoff_reason_kind text
        check (handoff_reason_kind in ('chip', 'typed_phrase', 'postback', 'no_bot_answer', 'passed', 'other'));
      alter table conversations add column first_human_reply_at bigint;
      alter table conversations add column first_human_reply_by text;
      alter table conversations add column flow text
        check (flow in ('abandoned_cart', 'shipping', 'welcome', 'review', 'broadcast', 'other'));
      create index conversations_bot_activity on conversations (last_activity_at) where bot_first_at is not null;

      create index timeline_customer_messages on timeline_items (at) where kind = 'message' and author = 'customer';
      create index timeline_agent_messages on timeline_items (at) where kind = 'message' and author = 'agent';
      create index timeline_misbehaviour on timeline_items (at)
        where kind = 'system' and item->>'event' in ('bot_replied_after_handoff', 'autoresponder_suspected')
    `,
  },
  {
    version: 8,
    name: "insights rollups per day",
    // Insights over a year of conversations cannot read every row per request, so each UTC day is summed once into
    // these tables (server/review/insights-rollup.ts) and a range reads a row per day and flow. A conversation counts
    // on the day of its last activity; resolutions on the day they were resolved; the sample on its day; messages in
    // their hour. Whoever changes a conversation, resolution or verdict marks the days it touched in
    // insights_dirty_days in the same transaction; those days (and today) are summed again before the next read.
    // Durations are kept as histograms (bucket = 10% wider than the one before) so medians merge across days.
    sql: `
      create table insights_days (
        day date not null,
        flow text not null,
        conversations integer not null default 0,
        excluded integer not null default 0,
        confirmed integer not null default 0,
        assumed integer not null default 0,
        awaiting integer not null default 0,
        handed_off integer not null default 0,
        reason_chip integer not null default 0,
        reason_typed_phrase integer not null default 0,
        reason_postback integer not null default 0,
        reason_no_bot_answer integer not null default 0,
        reason_passed integer not null default 0,
        reason_other integer not null default 0,
        durable integer not null default 0,
        answered_24h integer not null default 0,
        answered_human_agent integer not null default 0,
        primary key (day, flow)
      );

      create table insights_day_totals (
        day date primary key,
        resolutions integer not null default 0,
        reopened integer not null default 0,
        replied_after_handoff integer not null default 0,
        autoresponder_suspected integer not null default 0,
        sampled integer not null default 0,
        reviewed integer not null default 0,
        false_resolutions integer not null default 0
      );

      create table insights_day_hours (
        day date not null,
        hour integer not null,
        messages integer not null,
        primary key (day, hour)
      );

      create table insights_day_agents (
        day date not null,
        agent_id text not null,
        handled integer not null,
        primary key (day, agent_id)
      );

      create table insights_day_durations (
        day date not null,
        metric text not null,
        bucket integer not null,
        n integer not null,
        primary key (day, metric, bucket)
      );

      create table insights_dirty_days (
        day date primary key
      );

      create table insights_rollup_state (
        id integer primary key check (id = 1),
        built_at bigint not null
      )
    `,
  },
];

/** Applies pending migrations. On PostgreSQL an advisory lock keeps two starting instances from racing. */
export async function migrate(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    if (db.kind === "postgres") await tx.query("select pg_advisory_xact_lock(7313001)");
    await tx.query(
      `create table if not exists schema_migrations (version integer primary key, name text not null, applied_at bigint not null)`,
    );
    const done = new Set(
      (await tx.query<{ version: number }>("select version from schema_migrations")).map((r) => r.version),
    );
    let applied = 0;
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const statement of m.sql
        .split(/;\s*\n/)
        .map((s) => s.trim())
        .filter(Boolean)) {
        await tx.query(statement);
      }
      await tx.query("insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)", [
        m.version,
        m.name,
        Date.now(),
      ]);
      applied += 1;
    }
    return applied;
  });
}
