-- unprocessable webhook events
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
