#!/usr/bin/env python3
"""Reads the golden Atom and JSON feeds back with real consumers and checks them against the RSS
feeds they mirror (read by the same parser): feedparser (python3-feedparser) parses every
feeds/<show>.atom and feeds/<show>.xml; every feeds/<show>.json is read with Python's strict JSON
reader and checked against JSON Feed 1.1's rules (Debian's feedparser 6.0 does not read JSON Feed,
and no JSON Feed 1.1 schema is in ../shared/schemas). Titles, links, enclosures/attachments, ids
and dates must agree item by item. Exit 77 (skipped) without feedparser.

usage: feed_readers.py GOLDEN_EXPECTED_DIR"""
import datetime
import json
import pathlib
import sys

try:
    import feedparser
except ImportError:
    print("feed_readers: python3-feedparser is not installed; skipped")
    sys.exit(77)

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def rfc3339(text):
    when = datetime.datetime.fromisoformat(text)
    check(when.tzinfo is not None, f"{text!r} has no time zone")
    return when.astimezone(datetime.timezone.utc).timetuple()[:6]


def rss_enclosure(entry):
    enclosures = entry.get("enclosures", [])
    return enclosures[0] if enclosures else None


def check_atom(path, rss):
    atom = feedparser.parse(str(path))
    name = path.name
    check(not atom.bozo, f"{name}: feedparser: {atom.get('bozo_exception')}")
    check(atom.version == "atom10", f"{name}: read as {atom.version!r}, not Atom 1.0")
    check(atom.feed.get("title") == rss.feed.get("title"), f"{name}: feed title differs from RSS")
    check(atom.feed.get("id", "").startswith("urn:uuid:"), f"{name}: feed id is not a UUID IRI")
    newest = max(e.published_parsed for e in rss.entries)
    check(atom.feed.get("updated_parsed") == newest, f"{name}: updated is not the newest date")
    check(len(atom.entries) == len(rss.entries), f"{name}: {len(atom.entries)} entries, RSS has {len(rss.entries)}")
    ids = set()
    for a, r in zip(atom.entries, rss.entries):
        where = f"{name}: entry {r.get('id')}"
        check(a.get("title") == r.get("title"), f"{where}: title {a.get('title')!r} != {r.get('title')!r}")
        check(a.get("link") == r.get("link"), f"{where}: link {a.get('link')!r} != {r.get('link')!r}")
        check(a.get("published_parsed") == r.get("published_parsed"), f"{where}: published differs")
        check(a.get("updated_parsed") == r.get("published_parsed"), f"{where}: updated differs")
        ids.add(a.get("id"))
        enclosure, audio = rss_enclosure(r), (a.get("enclosures") or [None])[0]
        check(audio is not None and enclosure is not None, f"{where}: no enclosure")
        if audio and enclosure:
            check(audio.get("href") == enclosure.get("href"), f"{where}: enclosure URL differs")
            check(audio.get("type") == enclosure.get("type"), f"{where}: enclosure type differs")
            if enclosure.get("length") not in (None, "0"):
                check(audio.get("length") == enclosure.get("length"), f"{where}: length differs")
        check(len(a.get("enclosures", [])) == 2, f"{where}: expected audio and video enclosures")
    check(len(ids) == len(atom.entries), f"{name}: entry ids are not unique")


def strict_object(pairs):
    keys = [k for k, _ in pairs]
    check(len(keys) == len(set(keys)), f"duplicate keys {keys}")
    return dict(pairs)


def check_json_feed(path, rss):
    name = path.name
    try:
        feed = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=strict_object)
    except ValueError as error:
        check(False, f"{name}: not JSON: {error}")
        return
    check(feed.get("version") == "https://jsonfeed.org/version/1.1", f"{name}: version")
    check(feed.get("title") == rss.feed.get("title"), f"{name}: title differs from RSS")
    for key in ("home_page_url", "feed_url", "description", "icon", "language"):
        check(isinstance(feed.get(key, ""), str), f"{name}: {key} is not a string")
    for author in feed.get("authors", []):
        check(isinstance(author.get("name"), str), f"{name}: author without a name")
    check(not any(k.startswith("_") for k in feed), f"{name}: has an extension key")
    items = feed.get("items")
    check(isinstance(items, list), f"{name}: items is not an array")
    if not isinstance(items, list):
        return
    check(len(items) == len(rss.entries), f"{name}: {len(items)} items, RSS has {len(rss.entries)}")
    ids = set()
    for item, r in zip(items, rss.entries):
        where = f"{name}: item {item.get('id')}"
        check(isinstance(item.get("id"), str) and item["id"], f"{where}: id is not a string")
        check(item.get("id") == r.get("id"), f"{where}: id differs from the RSS guid {r.get('id')!r}")
        ids.add(item.get("id"))
        check(isinstance(item.get("content_text", item.get("content_html")), str),
              f"{where}: neither content_text nor content_html")
        check(not any(k.startswith("_") for k in item), f"{where}: has an extension key")
        check(item.get("title") == r.get("title"), f"{where}: title differs")
        check(item.get("url") == r.get("link"), f"{where}: url differs")
        check(rfc3339(item["date_published"]) == tuple(r.published_parsed)[:6], f"{where}: date differs")
        attachments = item.get("attachments", [])
        check(len(attachments) == 2, f"{where}: expected audio and video attachments")
        for media in attachments:
            check(isinstance(media.get("url"), str) and isinstance(media.get("mime_type"), str),
                  f"{where}: attachment without url or mime_type")
            for key in ("size_in_bytes", "duration_in_seconds"):
                check(isinstance(media.get(key, 0), (int, float)), f"{where}: {key} is not a number")
        enclosure = rss_enclosure(r)
        if attachments and enclosure:
            check(attachments[0]["url"] == enclosure.get("href"), f"{where}: attachment URL differs")
            check(attachments[0]["mime_type"] == enclosure.get("type"), f"{where}: attachment type differs")
    check(len(ids) == len(items), f"{name}: item ids are not unique")


def main():
    feeds = pathlib.Path(sys.argv[1]) / "feeds"
    checked = 0
    for xml in sorted(feeds.glob("*.xml")):
        rss = feedparser.parse(str(xml))
        check(not rss.bozo and rss.entries, f"{xml.name}: RSS not readable")
        for twin, checker in ((xml.with_suffix(".atom"), check_atom), (xml.with_suffix(".json"), check_json_feed)):
            check(twin.exists(), f"{twin.name} is missing beside {xml.name}")
            if twin.exists():
                checker(twin, rss)
                checked += 1
    check(checked >= 4, f"only {checked} feeds checked")
    for failure in failures:
        print("FAIL", failure)
    print(f"feed_readers: {checked} feeds read, {len(failures)} problems")
    return 1 if failures else 0


sys.exit(main())
