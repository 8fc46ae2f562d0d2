#!/usr/bin/env python3
"""compare_browser_chapters.py OUT_DIR...: headless Chromium must read every chapters/<slug>.vtt with
the same cues (count, start times, titles) as the visible chapters of chapters/<slug>.json.
Uses browser-track.mjs from the validators that ../shared/tools/validate-output.sh installed
(CASTMAP_VALIDATORS_HOME, default /tmp/castmap-validators). Last line: "N passed, N failed"."""
import glob, html, json, os, subprocess, sys

home = os.environ.get("CASTMAP_VALIDATORS_HOME", "/tmp/castmap-validators")
script = os.path.join(home, "browser-track.mjs")
if not os.path.exists(script):
    print(f"skip: {script} not installed (run validate-output.sh first)")
    sys.exit(77)

vtts = sorted(f for d in sys.argv[1:] for f in glob.glob(os.path.join(d, "**", "*.vtt"), recursive=True))
passed = failed = 0
for start in range(0, len(vtts), 200):
    batch = vtts[start:start + 200]
    out = subprocess.run(["node", script, *batch], capture_output=True, text=True).stdout
    report = json.loads(out[out.index("{"):])
    for result in report["results"]:
        vtt = result["file"]
        with open(vtt[:-4] + ".json", encoding="utf-8") as f:
            chapters = [c for c in json.load(f)["chapters"] if c.get("toc", True)]
        cues = result.get("cues") or []
        problems = []
        if len(cues) != len(chapters):
            problems.append(f"{len(cues)} cues in Chromium, {len(chapters)} visible chapters in JSON")
        for cue, chapter in zip(cues, chapters):
            if html.unescape(cue["text"]) != chapter["title"]:
                problems.append(f"title {cue['text']!r} != {chapter['title']!r}")
            if abs(cue["startTime"] - chapter["startTime"]) > 0.0005:
                problems.append(f"start {cue['startTime']} != {chapter['startTime']}")
        if problems:
            failed += 1
            print("FAIL", vtt, "; ".join(problems[:3]))
        else:
            passed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
