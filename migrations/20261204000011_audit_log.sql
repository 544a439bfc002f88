-- Who changed what, and when, with the values before and after. Append-only.
create table audit_log (
    id bigint generated always as identity primary key,
    -- Null for changes made by a content import from the command line.
    user_id bigint references users (id),
    action text not null check (btrim(action) <> ''),
    -- What was changed, for filtering: 'recommendation', 'milestone', 'page', 'focus_area', 'user'.
    entity text not null,
    entity_key text not null,
    recommendation_number smallint references recommendations (number),
    before jsonb,
    after jsonb,
    created_at timestamptz not null default now()
);

create index audit_log_created_idx on audit_log (created_at desc, id desc);
create index audit_log_user_idx on audit_log (user_id, id desc);
create index audit_log_recommendation_idx on audit_log (recommendation_number, id desc);

create trigger audit_log_append_only
    before update or delete on audit_log
    for each row execute function reject_change();

create trigger audit_log_no_truncate
    before truncate on audit_log
    for each statement execute function reject_change();
