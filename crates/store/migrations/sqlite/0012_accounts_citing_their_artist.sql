-- An account citing exactly what its artist cites (every account a MusicBrainz import makes: both
-- cite the artist's MusicBrainz page) is marked so (`cites_artist` = 1) and has no citation rows of
-- its own; reads give it its artist's. Those rows were 1.33 of the 7.9 rows an imported artist costs
-- (`bside bench musicbrainz`, BENCHMARKS.md). Whatever changes an artist's citations first gives its
-- accounts that share them rows of their own (`accounts::unshare`).
ALTER TABLE accounts ADD COLUMN cites_artist INTEGER NOT NULL DEFAULT 0;
