-- The 39 recommendations of the March 2022 report.
create table recommendations (
    number smallint primary key check (number between 1 and 39),
    -- Null while the City's wording is not known to us; never an empty string.
    title text check (btrim(title) <> ''),
    full_text_md text check (btrim(full_text_md) <> ''),
    details_md text not null default '',
    focus_area_slug text not null references focus_areas (slug) on update cascade,
    -- Null stage: not started, or (when status_known is false) nothing published yet.
    stage_slug text references stages (slug),
    status_known boolean not null default true,
    on_hold boolean not null default false,
    -- Month precision: stored as the first day of the month.
    started_on date check (extract(day from started_on) = 1),
    target_on date check (extract(day from target_on) = 1),
    implemented_on date check (extract(day from implemented_on) = 1),
    -- Set where a fact (such as the focus area) is a guess that an editor should confirm.
    needs_review boolean not null default false,
    updated_at timestamptz not null default now(),
    constraint recommendations_unknown_status_has_no_stage check (status_known or stage_slug is null)
);

create index recommendations_focus_area_idx on recommendations (focus_area_slug, number);

select trigger_updated_at('recommendations');
