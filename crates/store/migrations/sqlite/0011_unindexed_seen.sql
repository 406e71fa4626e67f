-- The run that last saw each MBID (`seen`) is no longer indexed. Only the prune after a complete dump
-- reads it, once per import (a scan of the kind's mappings); every batch wrote it, in an index entry
-- per new mapping, and a re-import that only marks mappings seen could not update them in place
-- (PostgreSQL's heap-only updates need the changed column to be in no index).
DROP INDEX musicbrainz_entities_seen;
