-- An artist's aliases and external ids, and a release's external ids, move into their row as JSON lists
-- (as genres already are): they are only ever read and written with it, and as rows of their own each
-- cost a table row and an index entry (plus a foreign-key check) at every write, which is most of what a
-- MusicBrainz import of millions of artists writes (`bside bench musicbrainz`, BENCHMARKS.md).
--
-- Citations lose their surrogate id: a fact's citations are keyed by the fact (`subject`, `subject_id`),
-- the part of it they cite (`part`: an alias's position in its artist's list; 0 for the fact itself) and
-- their position, which is also the only order they are read in. Their source is checked by the code
-- that writes them (`citations::insert_many`, one lookup for a whole batch, which holds the sources'
-- key-share locks as a foreign key would) and by `delete_source`, instead of a foreign-key trigger run
-- for every row.

ALTER TABLE artists ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]',
    ADD COLUMN external_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE releases ADD COLUMN external_ids TEXT NOT NULL DEFAULT '[]';

UPDATE artists SET aliases = a.list FROM (
    SELECT artist_id, json_agg(json_build_object(
        'name', name, 'kind', kind, 'locale', locale, 'primary', is_primary <> 0
    ) ORDER BY position)::text AS list
    FROM aliases GROUP BY artist_id
) a WHERE a.artist_id = artists.id;

UPDATE artists SET external_ids = e.list FROM (
    SELECT subject_id, json_agg(json_build_object('system', system, 'value', value) ORDER BY position)::text AS list
    FROM external_ids WHERE subject = 'artist' GROUP BY subject_id
) e WHERE e.subject_id = artists.id;

UPDATE releases SET external_ids = e.list FROM (
    SELECT subject_id, json_agg(json_build_object('system', system, 'value', value) ORDER BY position)::text AS list
    FROM external_ids WHERE subject = 'release' GROUP BY subject_id
) e WHERE e.subject_id = releases.id;

-- An alias's citations now name its artist and its position in the artist's list.
ALTER TABLE citations ADD COLUMN part BIGINT NOT NULL DEFAULT 0;
UPDATE citations c SET subject_id = a.artist_id, part = a.position
FROM aliases a WHERE c.subject = 'alias' AND a.id = c.subject_id;
ALTER TABLE citations ALTER COLUMN part DROP DEFAULT;
ALTER TABLE citations DROP COLUMN id;
ALTER TABLE citations DROP CONSTRAINT citations_source_id_fkey;
DROP INDEX citations_subject;
ALTER TABLE citations ADD PRIMARY KEY (subject, subject_id, part, position);

DROP TABLE aliases;
DROP TABLE external_ids;
