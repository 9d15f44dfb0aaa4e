-- search by trigram indexes over accent- and case-folded message text, customer names and referrals
create extension if not exists pg_trgm with schema public;
create extension if not exists unaccent with schema public;
create function baton_search_fold(text) returns text language sql immutable parallel safe strict
  as $$ select lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
create index timeline_search on timeline_items using gin (baton_search_fold(text) public.gin_trgm_ops)
  where kind = 'message' or (kind = 'system' and item->>'event' = 'referral');
create index conversations_search on conversations using gin (baton_search_fold(customer_name || ' ' || coalesce(referral->>'ref', '') || ' ' || coalesce(referral->>'adTitle', '')) public.gin_trgm_ops);
