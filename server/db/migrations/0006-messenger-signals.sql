-- messenger signals: learned handoff buttons, policy alerts, referrals, edits and unsends
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
