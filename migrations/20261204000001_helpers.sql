-- Shared helpers used by the tables that follow.

-- Keeps `updated_at` true without every query having to remember it.
create or replace function set_updated_at() returns trigger as $$
begin
    new.updated_at = now();
    return new;
end;
$$ language plpgsql;

-- `select trigger_updated_at('table')` after creating a table with an `updated_at` column.
create or replace function trigger_updated_at(tablename regclass) returns void as $$
begin
    execute format(
        'create trigger set_updated_at before update on %s
         for each row when (old is distinct from new) execute function set_updated_at()',
        tablename);
end;
$$ language plpgsql;

-- For append-only tables: history is a public record, so it is never rewritten.
create or replace function reject_change() returns trigger as $$
begin
    raise exception '% is append-only: % is not allowed', tg_table_name, tg_op
        using errcode = 'restrict_violation';
end;
$$ language plpgsql;
