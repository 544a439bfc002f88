-- Full-text search over a recommendation's title, full text and project details, kept current by
-- PostgreSQL itself. Title words weigh most.
alter table recommendations add column search tsvector generated always as (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(full_text_md, '')), 'B') ||
    setweight(to_tsvector('english', details_md), 'C')
) stored;

create index recommendations_search_idx on recommendations using gin (search);
