-- conversation state knows its last activity
update conversations set state = (state::jsonb || jsonb_build_object('lastActivityAt', last_activity_at))::json
where state::jsonb -> 'lastActivityAt' is null
