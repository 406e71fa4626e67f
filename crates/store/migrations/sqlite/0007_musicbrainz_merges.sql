-- MusicBrainz merges: an MBID merged into another redirects to the survivor, so that what still names
-- the merged MBID (credits in older responses, a group's member list) finds the survivor's row, and a
-- line of the merged entity is not imported over it.
CREATE TABLE musicbrainz_redirects (
    kind TEXT NOT NULL,       -- artist or release
    mbid TEXT NOT NULL,       -- the merged MBID
    survivor TEXT NOT NULL,   -- the MBID it was merged into
    PRIMARY KEY (kind, mbid)
);
CREATE INDEX musicbrainz_redirects_survivor ON musicbrainz_redirects (kind, survivor);
