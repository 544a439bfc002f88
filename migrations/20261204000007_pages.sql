-- Free-text pages edited by city staff: the home page introduction and the About page.
create table pages (
    slug text primary key check (slug in ('home', 'about')),
    title text not null check (btrim(title) <> ''),
    body_md text not null check (btrim(body_md) <> ''),
    updated_at timestamptz not null default now()
);

select trigger_updated_at('pages');
