-- The accounts an artist's MusicBrainz URL relations became are recorded with the artist's mapping
-- (`accounts`: a JSON object from the URL's MBID to `[account row id, digest]`), no longer as mappings
-- of their own keyed `ARTIST_MBID/URL_MBID`: that key, 73 bytes at a random place of the primary key
-- for every account, was the largest index a MusicBrainz import rewrote with every batch.
ALTER TABLE musicbrainz_entities ADD COLUMN accounts TEXT;

UPDATE musicbrainz_entities SET accounts = (
    SELECT json_group_object(substr(a.mbid, instr(a.mbid, '/') + 1), json_array(a.entity_id, a.digest))
    FROM musicbrainz_entities a
    WHERE a.kind = 'account' AND substr(a.mbid, 1, instr(a.mbid, '/') - 1) = musicbrainz_entities.mbid
)
WHERE kind = 'artist' AND mbid IN (
    SELECT substr(mbid, 1, instr(mbid, '/') - 1) FROM musicbrainz_entities WHERE kind = 'account'
);

DELETE FROM musicbrainz_entities WHERE kind = 'account';
