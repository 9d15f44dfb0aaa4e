-- receipt watermarks on conversations, and reactions found by their message's mid
alter table conversations add column delivered_watermark bigint not null default 0;
alter table conversations add column read_watermark bigint not null default 0;
update conversations c set
  delivered_watermark = coalesce((select max(t.at) from timeline_items t where t.conversation_id = c.id and t.kind = 'message' and t.author <> 'customer' and t.delivery in ('delivered', 'read')), 0),
  read_watermark = coalesce((select max(t.at) from timeline_items t where t.conversation_id = c.id and t.kind = 'message' and t.author <> 'customer' and t.delivery = 'read'), 0);
create index events_mid_signals on events ((data->>'mid')) where kind in ('message_edit', 'message_deleted', 'reaction');
drop index events_message_changes;
