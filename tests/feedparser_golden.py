#!/usr/bin/env python3
"""Reads golden/feed-tags' feeds back with feedparser (python3-feedparser, a real feed reader)
and checks the show notes (content:encoded) and the channel and item tags castmap writes from
castmap.yaml and front matter. Exit 77 (skip) when feedparser is not installed."""
import os
import sys

try:
    import feedparser
except ImportError:
    # python3-feedparser is a Debian package: the system interpreter has it, a pyenv one may not.
    system = "/usr/bin/python3"
    if os.path.exists(system) and os.path.realpath(sys.executable) != os.path.realpath(system) \
            and not os.environ.get("CASTMAP_FEEDPARSER_REEXEC"):
        os.environ["CASTMAP_FEEDPARSER_REEXEC"] = "1"
        os.execv(system, [system] + sys.argv)
    print("skip: python3-feedparser is not installed (scripts/install-deps.sh --test)")
    sys.exit(77)

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)


def parse(path):
    with open(path, "rb") as f:
        parsed = feedparser.parse(f.read())
    check(not parsed.bozo, f"{path}: not well-formed: {parsed.get('bozo_exception')}")
    return parsed


root = sys.argv[1]
feeds = os.path.join(root, "golden", "feed-tags", "expected", "feeds")
all_feed = parse(os.path.join(feeds, "all.xml"))
show_feed = parse(os.path.join(feeds, "tags.xml"))

# feeds.all_max_items: 3 and feeds.max_items: 2, newest first.
check([e.id for e in all_feed.entries] == ["t3", "t2", "t1"], "all.xml items")
check([e.id for e in show_feed.entries] == ["t3", "t2"], "tags.xml items")

by_id = {e.id: e for e in all_feed.entries}
t1 = by_id["t1"]
content = t1.get("content", [])
check(len(content) == 1 and content[0].type == "text/html", "t1 has one HTML content:encoded")
html = content[0].value if content else ""
check('href="https://tags.example/episodes/guides/setup/"' in html, "relative link made absolute")
check('src="https://tags.example/episodes/tags-one/img/diagram.png"' in html,
      "relative image made absolute")
check("<script" not in html and "alert" not in html, "raw HTML dropped")
check("code with ]]&gt; inside" in html, "text with ]]> survives")
check("<p>Short notes.</p>" in by_id["t3"].content[0].value, "t3 show notes")
check("content" not in by_id["t2"], "t2 (no body) has no content:encoded")

channel = show_feed.feed
check(channel.get("itunes_block") == 1, "itunes:block Yes")
check(channel.get("itunes_complete") == "Yes" or channel.get("itunes_complete") == 1,
      f"itunes:complete Yes (got {channel.get('itunes_complete')!r})")
check(channel.get("itunes_new-feed-url") == "https://feeds.tags.example/tags.xml",
      f"itunes:new-feed-url (got {channel.get('itunes_new-feed-url')!r})")
# feedparser keeps, for an element of an unknown namespace, its attributes when it has some
# (else its text), and of repeated elements the last one.
check(channel.get("podcast_funding") == {"url": "https://tags.example/tags/support"},
      f"podcast:funding (got {channel.get('podcast_funding')!r})")
check(channel.get("podcast_license") == {"url": "https://tags.example/license"}, "podcast:license")
check(channel.get("podcast_location") == {"geo": "geo:30.2672,-97.7431", "osm": "R113314",
                                          "country": "US"}, "podcast:location")
check(channel.get("podcast_txt") == {"purpose": "verify"}, "podcast:txt")
check(all_feed.feed.get("podcast_license") == "CC-BY-4.0", "all.xml podcast:license")
check(all_feed.feed.get("itunes_new-feed-url") == "https://feeds.tags.example/all.xml",
      "all.xml itunes:new-feed-url")

check(t1.get("podcast_season") == {"name": "The second season"}, "podcast:season name")
check(t1.get("podcast_license") == {"url": "https://creativecommons.org/licenses/by-sa/4.0/"},
      "item podcast:license")
check(t1.get("podcast_location") == {"rel": "creator", "country": "DE"}, "item podcast:location")
check(t1.get("podcast_soundbite") == {"starttime": "600", "duration": "30"}, "podcast:soundbite")
check(t1.get("podcast_source") == {"uri": "https://media.tags.example/t1.m3u8"},
      "podcast:alternateEnclosure source")
check(by_id["t2"].get("podcast_location") == "Lisbon", "item location by name")

for failure in failures:
    print("FAIL " + failure)
print(f"feedparser: {len(failures)} failed")
sys.exit(1 if failures else 0)
