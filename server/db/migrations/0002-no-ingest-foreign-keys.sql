-- no per-row foreign key checks on the ingest path
alter table events drop constraint if exists events_batch_id_fkey;
alter table timeline_items drop constraint if exists timeline_items_conversation_id_fkey;
alter table timers drop constraint if exists timers_conversation_id_fkey
