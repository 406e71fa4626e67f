"""DuckDB's side of `bside bench records`: every crossing of the default ladder and the top 100 of every
leaderboard, in SQL, from the same Parquet files bside reads.

The computation, as bside's records engine defines it (crates/records):
- duplicates: one point per (series, instant), the largest value;
- crossing of milestone m: the first point (by instant) whose value is at least m ("upper"), and the point
  right before it ("lower"); the estimate interpolates linearly between them, rounded half up in integer
  arithmetic; with no point before, the estimate is the upper point's instant;
- default ladder: 1M, 5M, 10M, 20M, 25M, 30M, 40M, 50M, 75M, 100M, then every 100M;
- leaderboards: per (platform, metric, milestone, kind) and per (…, tag) for tagged subjects, subjects with
  an origin ranked by elapsed = max(estimate - origin, 0), ties by subject id (= series number here);
  the 100 fastest are kept.

Usage: duckdb_records.py --points FILE --subjects FILE [--threads N] [--export DIR]
Prints one JSON line: {"seconds": …, "crossings": …, "top": …, "duckdb": "version"}. `seconds` is the
time of the two statements that compute the answer (kept in temporary tables), from reading Parquet to
the last leaderboard; the export to CSV (for comparing) is not timed.
"""

import argparse
import json
import subprocess
import sys
import time

try:
    import duckdb
except ImportError:  # Install on first use, as the benchmark's instructions promise.
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "duckdb"])
    import duckdb

M = 1_000_000
LISTED = [1 * M, 5 * M, 10 * M, 20 * M, 25 * M, 30 * M, 40 * M, 50 * M, 75 * M, 100 * M]
STEP = 100 * M

# How many milestones a value reaches, and the milestone at an index (the ladder's `reached_by` and
# `milestone`), as macros over BIGINT.
REACHED = "CASE WHEN v >= {last} THEN {n} + (v - {last}) // {step} ELSE {sum} END".format(
    last=LISTED[-1],
    n=len(LISTED),
    step=STEP,
    sum=" + ".join(f"(v >= {m})::BIGINT" for m in LISTED),
)
MILESTONE = "CASE {cases} ELSE {last} + (i - {n1}) * {step} END".format(
    cases=" ".join(f"WHEN i = {i} THEN {m}" for i, m in enumerate(LISTED)),
    last=LISTED[-1],
    n1=len(LISTED) - 1,
    step=STEP,
)

CROSSINGS = """
CREATE TEMP TABLE crossings AS
WITH pts AS (
    -- One point per instant, the largest value.
    SELECT series, "at", max(value) AS value
    FROM read_parquet({points})
    GROUP BY series, "at"
),
walk AS (
    -- Each point with the one before it.
    SELECT series, "at", value,
           lag("at") OVER (PARTITION BY series ORDER BY "at") AS prev_at,
           lag(value) OVER (PARTITION BY series ORDER BY "at") AS prev_value
    FROM pts
),
firsts AS (
    -- The first point reaching exactly r milestones, for each r a series reaches.
    SELECT series, reached(value) AS r,
           arg_min(struct_pack("at", value, prev_at, prev_value), "at") AS p
    FROM walk
    WHERE reached(value) > 0
    GROUP BY series, reached(value)
),
runs AS (
    -- That point crosses the milestones no earlier point reached: indices [before, r).
    SELECT series, r, p,
           coalesce(max(r) OVER (PARTITION BY series ORDER BY p."at"
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
    FROM firsts
),
indexed AS (
    SELECT series, p."at" AS "at", p.value AS value, p.prev_at AS prev_at,
           p.prev_value AS prev_value, unnest(range(before, r)) AS i
    FROM runs
    WHERE r > before
),
crossed AS (
    SELECT series, "at", value, prev_at, prev_value, milestone(i) AS milestone
    FROM indexed
)
SELECT series, milestone,
       CASE WHEN prev_at IS NULL THEN "at"
            ELSE prev_at + CAST(
                (2 * CAST("at" - prev_at AS HUGEINT) * (milestone - prev_value) + (value - prev_value))
                // (2 * CAST(value - prev_value AS HUGEINT)) AS BIGINT)
       END AS estimate,
       prev_at AS lower_at,
       "at" AS upper_at
FROM crossed
"""

TOP = """
CREATE TEMP TABLE top AS
WITH entries AS (
    SELECT c.series, c.milestone, s.platform, s.metric, s.kind, s.tag,
           greatest(c.estimate - s.origin, 0) AS elapsed
    FROM crossings c JOIN read_parquet({subjects}) s ON s.series = c.series
    WHERE s.origin IS NOT NULL
),
scoped AS (
    SELECT platform, metric, milestone, kind, NULL::VARCHAR AS tag, series, elapsed FROM entries
    UNION ALL
    SELECT platform, metric, milestone, kind, tag, series, elapsed FROM entries WHERE tag IS NOT NULL
)
SELECT platform, metric, milestone, kind, tag, series, elapsed,
       row_number() OVER (PARTITION BY platform, metric, milestone, kind, tag
                          ORDER BY elapsed, series) AS rank
FROM scoped
QUALIFY rank <= 100
"""


def quote(text):
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", required=True)
    parser.add_argument("--subjects", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--export", help="write crossings.csv and top.csv here")
    args = parser.parse_args()

    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"CREATE MACRO reached(v) AS {REACHED}")
    con.execute(f"CREATE MACRO milestone(i) AS {MILESTONE}")

    started = time.perf_counter()
    con.execute(CROSSINGS.format(points=quote(args.points)))
    con.execute(TOP.format(subjects=quote(args.subjects)))
    seconds = time.perf_counter() - started

    n_crossings = con.execute("SELECT count(*) FROM crossings").fetchone()[0]
    n_top = con.execute("SELECT count(*) FROM top").fetchone()[0]
    if args.export:
        con.execute(
            f"COPY (SELECT series, milestone, estimate, lower_at, upper_at FROM crossings) "
            f"TO {quote(args.export + '/crossings.csv')} (HEADER)"
        )
        con.execute(
            "COPY (SELECT platform || ':' || metric || ':' || milestone || ':' || kind"
            " || coalesce(':' || tag, '') AS scope, rank, series, elapsed FROM top) "
            f"TO {quote(args.export + '/top.csv')} (HEADER)"
        )
    print(
        json.dumps(
            {
                "seconds": seconds,
                "crossings": n_crossings,
                "top": n_top,
                "duckdb": duckdb.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
