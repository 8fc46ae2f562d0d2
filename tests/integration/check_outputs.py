#!/usr/bin/env python3
"""check_outputs.py OUT_DIR: every output castmap wrote must be complete and parse (XML, gzip XML,
JSON, WebVTT). Exits 1 and names the file otherwise. Used after killing runs at random moments."""
import gzip, json, os, sys
import xml.etree.ElementTree as ET

def main():
    out, bad, count = sys.argv[1], [], 0
    for d, _dirs, names in os.walk(out):
        for n in names:
            if n.startswith(".castmap"):
                continue
            p = os.path.join(d, n)
            count += 1
            try:
                if n.endswith(".xml.gz"):
                    ET.fromstring(gzip.open(p).read())
                elif n.endswith(".xml"):
                    ET.parse(p)
                elif n.endswith(".json"):
                    json.load(open(p, encoding="utf-8"))
                elif n.endswith(".vtt"):
                    text = open(p, encoding="utf-8").read()
                    assert text.startswith("WEBVTT") and text.endswith("\n"), "truncated"
            except Exception as e:  # noqa: BLE001 - report any parse failure
                bad.append(f"{p}: {e}")
    for b in bad:
        print("BROKEN", b)
    print(f"checked {count} files, {len(bad)} broken")
    sys.exit(1 if bad else 0)

if __name__ == "__main__":
    main()
