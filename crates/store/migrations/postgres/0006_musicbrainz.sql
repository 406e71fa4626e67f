-- MusicBrainz import state. Each MBID maps to the bside row it became (by row id, so a curator's rename
-- keeps the link) with the digest of the aggregate as the import last wrote it: a row whose current
-- digest differs was edited in bside since, and a re-import reports it instead of overwriting it.
CREATE TABLE musicbrainz_entities (
    kind TEXT NOT NULL,        -- artist, release, video, account, recording (a track: detail = "disc-number")
    mbid TEXT NOT NULL,        -- the MBID (for an account: ARTIST_MBID/URL_MBID)
    entity_id BIGINT NOT NULL,   -- the row in artists, releases, videos or accounts (releases for a recording)
    digest TEXT NOT NULL,      -- SHA-256 of the aggregate's JSON as last imported
    detail TEXT,
    seen BIGINT NOT NULL,        -- the import run that last read it (for --prune)
    PRIMARY KEY (kind, mbid)
);
CREATE INDEX musicbrainz_entities_row ON musicbrainz_entities (kind, entity_id);
CREATE INDEX musicbrainz_entities_seen ON musicbrainz_entities (kind, seen);
CREATE INDEX musicbrainz_entities_detail ON musicbrainz_entities (kind, detail);

-- How far an interrupted import of a dump file got: lines done, committed with the entities they held.
CREATE TABLE musicbrainz_checkpoints (
    file TEXT NOT NULL PRIMARY KEY,   -- the file (and archive member) as given
    fingerprint TEXT NOT NULL,        -- size and modification time: a changed file starts over
    line BIGINT NOT NULL,
    run BIGINT NOT NULL
);
