-- an index to prune raw webhook bodies by age
create index if not exists webhook_batches_received on webhook_batches (received_at);
