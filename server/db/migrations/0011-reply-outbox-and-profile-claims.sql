-- reply outbox and profile claims
create table reply_outbox (
  id bigserial primary key,
  item_id text not null unique,
  conversation_id text not null references conversations(id),
  agent_id text,
  client_id text not null,
  text text not null,
  attempts integer not null default 0,
  due_at bigint not null,
  -- the earliest a retry may go, whatever happens: Meta's Retry-After, or the wait for the echo of a lost answer
  hold_until bigint not null default 0,
  lease_until bigint,
  leased_by text,
  last_error text,
  created_at bigint not null
);
create index reply_outbox_due on reply_outbox (due_at, id);
create index reply_outbox_conversation on reply_outbox (conversation_id, id);
create table profile_claims (
  conversation_id text primary key,
  claimed_until bigint not null
);
