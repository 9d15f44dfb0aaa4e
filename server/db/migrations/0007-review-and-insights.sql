-- managers' review and insights: bot resolutions, verdicts, review settings, insight columns
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
