-- live change log for resuming streams
create table live_changes (
  id bigserial primary key,
  at timestamptz not null default clock_timestamp(),
  changes text not null
);
create index live_changes_at on live_changes (at);
