-- The Partnership's timeline.
create table milestones (
    id bigint generated always as identity primary key,
    occurred_on date not null,
    -- 'month' milestones are stored on the first day of their month and shown as "May 2025".
    date_precision text not null check (date_precision in ('day', 'month')),
    title text not null check (btrim(title) <> ''),
    body_md text not null default '',
    updated_at timestamptz not null default now(),
    constraint milestones_month_is_first_day
        check (date_precision = 'day' or extract(day from occurred_on) = 1),
    constraint milestones_date_title_key unique (occurred_on, date_precision, title)
);

create index milestones_occurred_on_idx on milestones (occurred_on desc, id desc);

select trigger_updated_at('milestones');

create table milestone_recommendations (
    milestone_id bigint not null references milestones (id) on delete cascade,
    recommendation_number smallint not null references recommendations (number),
    primary key (milestone_id, recommendation_number)
);

create index milestone_recommendations_recommendation_idx
    on milestone_recommendations (recommendation_number);
