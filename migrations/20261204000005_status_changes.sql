-- The public, append-only history of each recommendation's status.
create table status_changes (
    id bigint generated always as identity primary key,
    recommendation_number smallint not null references recommendations (number),
    previous_status_known boolean not null,
    previous_stage_slug text references stages (slug),
    new_status_known boolean not null,
    new_stage_slug text references stages (slug),
    previous_on_hold boolean not null,
    new_on_hold boolean not null,
    -- The day the change took effect, which can be earlier than the day it was recorded.
    effective_on date not null,
    note_md text not null check (btrim(note_md) <> ''),
    recorded_at timestamptz not null default now(),
    constraint status_changes_unknown_previous_has_no_stage
        check (previous_status_known or previous_stage_slug is null),
    constraint status_changes_unknown_new_has_no_stage
        check (new_status_known or new_stage_slug is null)
);

create index status_changes_recommendation_idx
    on status_changes (recommendation_number, effective_on desc, id desc);

create trigger status_changes_append_only
    before update or delete on status_changes
    for each row execute function reject_change();

create trigger status_changes_no_truncate
    before truncate on status_changes
    for each statement execute function reject_change();
