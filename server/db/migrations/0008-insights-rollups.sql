-- insights rollups per day
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
