-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy of
-- this table cannot be used to sign in.
create table sessions (
    token_hash bytea primary key check (length(token_hash) = 32),
    user_id bigint not null references users (id),
    -- Sent back in every form; a POST without it is refused.
    csrf_token text not null,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    -- The absolute end of the session, however active it is.
    expires_at timestamptz not null
);

create index sessions_user_idx on sessions (user_id);
