-- Failed sign-ins, for throttling guessing: per account (by the email typed) and per client address.
create table failed_sign_ins (
    id bigint generated always as identity primary key,
    email text not null,
    client_addr text not null,
    attempted_at timestamptz not null default now()
);

create index failed_sign_ins_email_idx on failed_sign_ins (email, attempted_at);
create index failed_sign_ins_client_idx on failed_sign_ins (client_addr, attempted_at);

-- A lock starts when a limit is reached and lasts its full period, however the failures were spread.
create table sign_in_locks (
    lock_key text primary key,
    locked_until timestamptz not null
);
