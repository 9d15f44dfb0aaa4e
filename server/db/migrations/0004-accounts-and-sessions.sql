-- accounts, sessions, one-time links, sign-in throttling, audit log
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
