-- The accounts an artist's MusicBrainz URL relations became are recorded with the artist's mapping
-- (`accounts`: a JSON object from the URL's MBID to `[account row id, digest]`), no longer as mappings
-- of their own keyed `ARTIST_MBID/URL_MBID`: that key, 73 bytes at a random place of the primary key
-- for every account, was the largest index a MusicBrainz import rewrote with every batch.
ALTER TABLE musicbrainz_entities ADD COLUMN accounts TEXT;

UPDATE musicbrainz_entities e SET accounts = m.accounts FROM (
    SELECT split_part(mbid, '/', 1) AS artist,
           json_object_agg(split_part(mbid, '/', 2), json_build_array(entity_id, digest))::text AS accounts
    FROM musicbrainz_entities WHERE kind = 'account' GROUP BY 1
) m
WHERE e.kind = 'artist' AND e.mbid = m.artist;

DELETE FROM musicbrainz_entities WHERE kind = 'account';
