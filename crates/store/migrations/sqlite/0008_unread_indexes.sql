-- Indexes no query reads, dropped: each cost a write at a random place on every insert, which is what
-- limits a MusicBrainz import at millions of artists (`bside bench musicbrainz`). An index comes back
-- with the query that needs it. Only recordings and videos carry a MusicBrainz `detail`, so its index
-- holds only those rows.
DROP INDEX aliases_name;
DROP INDEX external_ids_value;
DROP INDEX musicbrainz_entities_detail;
CREATE INDEX musicbrainz_entities_detail ON musicbrainz_entities (kind, detail) WHERE detail IS NOT NULL;
