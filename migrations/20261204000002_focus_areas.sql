-- The focus areas of the 2022 report, in the City's order.
create table focus_areas (
    slug text primary key check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    -- Deferred so that an import can reorder areas inside one transaction.
    position smallint not null check (position > 0),
    name text not null check (btrim(name) <> ''),
    description_md text not null default '',
    updated_at timestamptz not null default now(),
    constraint focus_areas_position_key unique (position) deferrable initially deferred
);

select trigger_updated_at('focus_areas');
