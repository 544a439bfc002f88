-- City staff accounts. Never deleted, only disabled, so the audit log always names its authors.
create table users (
    id bigint generated always as identity primary key,
    email text not null check (email = lower(btrim(email)) and email like '%_@_%'),
    display_name text not null check (btrim(display_name) <> ''),
    -- An argon2id PHC string; the password itself is never stored.
    password_hash text not null,
    role text not null check (role in ('admin', 'editor')),
    disabled_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    constraint users_email_key unique (email)
);

select trigger_updated_at('users');
