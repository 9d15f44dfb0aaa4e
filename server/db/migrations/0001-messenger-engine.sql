-- messenger engine
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
