-- Optimistic concurrency: every editable record carries a version that each save increments, so a
-- form loaded from an older version can be refused instead of silently overwriting a newer one.
alter table recommendations add column version integer not null default 1;
alter table milestones add column version integer not null default 1;
alter table pages add column version integer not null default 1;
alter table focus_areas add column version integer not null default 1;

-- Who recorded a status change; null for changes from a content import.
alter table status_changes add column recorded_by bigint references users (id);
