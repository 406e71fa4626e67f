-- An artist's aliases and external ids, and a release's external ids, move into their row as JSON lists
-- (as genres already are): they are only ever read and written with it, and as rows of their own each
-- cost a table row and an index entry (plus a foreign-key check) at every write, which is most of what a
-- MusicBrainz import of millions of artists writes (`bside bench musicbrainz`, BENCHMARKS.md).
--
-- Citations lose their surrogate id: a fact's citations are keyed by the fact (`subject`, `subject_id`),
-- the part of it they cite (`part`: an alias's position in its artist's list; 0 for the fact itself) and
-- their position, which is also the only order they are read in. Their source is checked by the code
-- that writes them (`citations::insert_many`, one lookup for a whole batch) and by `delete_source`,
-- instead of a foreign key checked row by row.

ALTER TABLE artists ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';
ALTER TABLE artists ADD COLUMN external_ids TEXT NOT NULL DEFAULT '[]';
ALTER TABLE releases ADD COLUMN external_ids TEXT NOT NULL DEFAULT '[]';

UPDATE artists SET aliases = (
    SELECT json_group_array(json_object(
        'name', a.name, 'kind', a.kind, 'locale', a.locale,
        'primary', json(CASE WHEN a.is_primary <> 0 THEN 'true' ELSE 'false' END)
    ) ORDER BY a.position)
    FROM aliases a WHERE a.artist_id = artists.id
) WHERE id IN (SELECT artist_id FROM aliases);

UPDATE artists SET external_ids = (
    SELECT json_group_array(json_object('system', e.system, 'value', e.value) ORDER BY e.position)
    FROM external_ids e WHERE e.subject = 'artist' AND e.subject_id = artists.id
) WHERE id IN (SELECT subject_id FROM external_ids WHERE subject = 'artist');

UPDATE releases SET external_ids = (
    SELECT json_group_array(json_object('system', e.system, 'value', e.value) ORDER BY e.position)
    FROM external_ids e WHERE e.subject = 'release' AND e.subject_id = releases.id
) WHERE id IN (SELECT subject_id FROM external_ids WHERE subject = 'release');

CREATE TABLE citations_keyed (
    subject TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    part INTEGER NOT NULL,
    position INTEGER NOT NULL,
    source_id INTEGER NOT NULL,
    evidence TEXT,
    PRIMARY KEY (subject, subject_id, part, position)
) WITHOUT ROWID;

-- An alias's citations now name its artist and its position in the artist's list.
INSERT INTO citations_keyed (subject, subject_id, part, position, source_id, evidence)
SELECT c.subject, COALESCE(a.artist_id, c.subject_id), COALESCE(a.position, 0), c.position, c.source_id, c.evidence
FROM citations c LEFT JOIN aliases a ON c.subject = 'alias' AND a.id = c.subject_id;

DROP TABLE citations;
ALTER TABLE citations_keyed RENAME TO citations;
CREATE INDEX citations_source ON citations (source_id);

DROP TABLE aliases;
DROP TABLE external_ids;
