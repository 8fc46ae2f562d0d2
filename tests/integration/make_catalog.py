#!/usr/bin/env python3
"""make_catalog.py DIR N [--title-suffix S]: writes a synthetic catalog of N episodes (3 shows,
chapters, escaping-worthy titles) for the integration tests, which must not depend on ../shared."""
import os, sys

def main():
    root, n = sys.argv[1], int(sys.argv[2])
    suffix = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--title-suffix" else ""
    os.makedirs(os.path.join(root, "shows"), exist_ok=True)
    for s in range(3):
        with open(os.path.join(root, "shows", f"show-{s}.md"), "w") as f:
            f.write(f"---\nid: show-{s}\nname: Show {s} & Friends\nhosts: []\n---\n")
    for i in range(n):
        show = f"show-{i % 3}" if i % 4 else ""
        folder = os.path.join(root, "videos", show or "standalone")
        os.makedirs(folder, exist_ok=True)
        chapters = "".join(f"  - startTime: {c * 120}\n    title: 'Chapter {c} <{i}> & more'\n" for c in range(i % 6))
        with open(os.path.join(folder, f"ep-{i:05d}.md"), "w") as f:
            f.write("---\n"
                    f"id: ep-{i:05d}\nslug: episode-{i:05d}\ntitle: 'Episode {i} & <stuff>{suffix}'\n"
                    f"description: 'Description of episode {i}. ' \n"
                    f"publishedAt: 20{10 + i % 15:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:00:00Z\n"
                    f"duration: {900 + i % 3000}\n"
                    + (f"show: {show}\n" if show else "")
                    + (f"chapters:\n{chapters}" if chapters else "")
                    + "---\n")

if __name__ == "__main__":
    main()
