-- The five project status stages the City defines. The set is fixed here, in the schema, so that no
-- recommendation can ever carry a stage outside the five; content/ may only reword names and
-- definitions.
create table stages (
    slug text primary key check (slug in (
        'initiation', 'planning', 'approaching_implementation', 'full_implementation', 'evaluation')),
    position smallint not null unique check (position between 1 and 5),
    name text not null check (btrim(name) <> ''),
    definition text not null check (btrim(definition) <> ''),
    -- The City's counter "Projects Implemented" counts these stages.
    counts_as_implemented boolean not null
);

insert into stages (slug, position, name, definition, counts_as_implemented) values
    ('initiation', 1, 'Initiation', 'The process has started.', false),
    ('planning', 2, 'Planning', 'An action plan has been created and is being followed.', false),
    ('approaching_implementation', 3, 'Approaching Implementation',
        'The action plan work is complete and being reviewed for compliance.', false),
    ('full_implementation', 4, 'Full Implementation',
        'Compliance has been established and the program plan is being executed.', true),
    ('evaluation', 5, 'Evaluation', 'Continuous assessment of program or project.', true);
