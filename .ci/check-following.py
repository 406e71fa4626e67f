#!/usr/bin/env python3
"""Checks bside's Atom feeds and iCalendar files with independent parsers (PyPI feedparser and
icalendar) against a running `bside serve --demo`: the expected entries, ids, links, sources and
instants (the For Us premiere at 2023-09-15T15:00:00Z, 00:00 KST).

Usage: check-following.py http://127.0.0.1:PORT
"""

import datetime
import sys
import urllib.request

import feedparser
import icalendar

FOR_US_AT = datetime.datetime(2023, 9, 15, 15, 0, tzinfo=datetime.timezone.utc)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)
    else:
        print("ok:", message)


def fetch(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return response.headers.get("Content-Type", ""), response.read()


def check_feeds(base):
    content_type, body = fetch(base, "/feeds/events.atom?limit=500")
    check(content_type.startswith("application/atom+xml"), f"the feed is served as Atom ({content_type})")
    feed = feedparser.parse(body)
    check(not feed.bozo, f"feedparser reads the feed without complaint ({feed.get('bozo_exception')})")
    check(feed.version == "atom10", f"it is Atom 1.0 ({feed.version})")
    entries = {entry.id: entry for entry in feed.entries}
    for_us = entries.get("tag:bside,2024:event/mv_released:layover-for-us-mv:1")
    check(for_us is not None, "the For Us premiere is an entry with a stable tag: id")
    if for_us is not None:
        updated = datetime.datetime(*for_us.updated_parsed[:6], tzinfo=datetime.timezone.utc)
        check(updated == FOR_US_AT, f"its updated instant is 2023-09-15T15:00:00Z ({updated})")
        hrefs = {link.rel: link.href for link in for_us.links if link.rel != "related"}
        check(hrefs.get("alternate", "").endswith("/videos/layover-for-us-mv"), f"it links to the video's page ({hrefs})")
        check("pinkvilla.com" in hrefs.get("via", ""), "it cites its source (Pinkvilla) as a via link")
        check("00:00 KST" in for_us.summary, f"its summary names the announced time ({for_us.summary})")
        check(any(tag.term == "mv_released" for tag in for_us.tags), "its category is the event kind")
    ids = [entry.id for entry in feed.entries]
    check(len(ids) == len(set(ids)), "entry ids are unique")
    updated = [entry.updated_parsed for entry in feed.entries]
    check(updated == sorted(updated, reverse=True), "entries are newest first")

    _, body = fetch(base, "/feeds/artists/v.atom?kinds=mv_released")
    feed = feedparser.parse(body)
    check(not feed.bozo, "V's filtered feed parses")
    kinds = {tag.term for entry in feed.entries for tag in entry.tags}
    check(kinds == {"mv_released"}, f"?kinds=mv_released keeps only MV premieres ({kinds})")
    titles = sorted(entry.title for entry in feed.entries)
    check(len(titles) == 5, f"V's five released MVs ({titles})")


def check_calendars(base):
    content_type, body = fetch(base, "/calendars/artists/v.ics?past_days=36600")
    check(content_type.startswith("text/calendar"), f"the calendar is served as text/calendar ({content_type})")
    calendar = icalendar.Calendar.from_ical(body)
    events = {str(event.get("UID")): event for event in calendar.walk("VEVENT")}
    for_us = events.get("video/layover-for-us-mv@bside")
    check(for_us is not None, "For Us is in V's calendar under a stable UID")
    if for_us is not None:
        start = for_us.decoded("DTSTART")
        check(start == FOR_US_AT, f"it starts at 2023-09-15T15:00:00Z ({start!r})")
        check("00:00 KST" in str(for_us.get("DESCRIPTION")), "its description names 00:00 KST")
        check(int(for_us.get("SEQUENCE")) >= 0, "it has a SEQUENCE")
    love = events.get("video/layover-love-me-again-mv@bside")
    check(love is not None, "Love Me Again is in V's calendar")
    if love is not None:
        start = love.decoded("DTSTART")
        check(
            isinstance(start, datetime.date) and not isinstance(start, datetime.datetime)
            and start == datetime.date(2023, 8, 10),
            f"a date-only premiere is an all-day event on 2023-08-10 ({start!r})",
        )
    # The demo knows V appeared on Palette but not when: no air date is invented for it.
    check("appearance/palette-v@bside" not in events, "an appearance without an air date is left out")

    _, body = fetch(base, "/calendars/upcoming.ics?past_days=36600")
    calendar = icalendar.Calendar.from_ical(body)
    uids = [str(event.get("UID")) for event in calendar.walk("VEVENT")]
    check("release/layover@bside" in uids, "the Layover release is in the upcoming calendar")
    check(len(uids) == len(set(uids)), "UIDs are unique")
    _, body = fetch(base, "/calendars/upcoming.ics")
    calendar = icalendar.Calendar.from_ical(body)
    check(
        not any(str(e.get("UID")) == "video/layover-for-us-mv@bside" for e in calendar.walk("VEVENT")),
        "by default a calendar drops events older than its past window",
    )


def main():
    base = sys.argv[1].rstrip("/")
    check_feeds(base)
    check_calendars(base)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("following: feeds and calendars read by feedparser and icalendar as expected")


if __name__ == "__main__":
    main()
