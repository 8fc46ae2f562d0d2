#!/usr/bin/env python3
"""Checks the layering docs/architecture.md draws: each file includes only its own layer and
the layers below it. Run from the source root; prints every include that points up or sideways
and exits 1 if there is one."""
import pathlib
import re
import sys

# Bottom to top, as in docs/architecture.md. Folders in one entry are one layer (they may
# include each other); exporters/ and src/output are side by side and know nothing of each
# other, so they are separate entries of the same height.
LAYERS = [
    ({"src/base"}, 0),
    ({"src/model"}, 1),
    ({"src/chapters", "src/transcripts"}, 2),
    ({"src/config"}, 3),
    ({"src/load"}, 4),
    ({"src/normalize"}, 5),
    ({"exporters"}, 6),
    ({"src/output"}, 6),
    ({"src/incremental"}, 7),
    ({"src/app"}, 8),
    ({"src/api"}, 9),
]

INCLUDE = re.compile(r'^\s*#\s*include\s+"((?:src/[a-z_]+|exporters)/[^"]+)"')


def layer_of(path):
    folder = str(pathlib.PurePosixPath(path).parent)
    for index, (folders, _) in enumerate(LAYERS):
        if folder in folders:
            return index
    return None


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    sources = sorted(
        p for pattern in ("src/*/*.cpp", "src/*/*.hpp", "exporters/*.cpp", "exporters/*.hpp")
        for p in root.glob(pattern))
    problems = []
    for source in sources:
        relative = source.relative_to(root).as_posix()
        own = layer_of(relative)
        if own is None:
            problems.append(f"{relative}: its folder is in no layer of docs/architecture.md")
            continue
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = layer_of(match.group(1))
            if target is None:
                problems.append(f"{relative}:{number}: {match.group(1)} is in no layer")
            elif target != own and LAYERS[target][1] >= LAYERS[own][1]:
                problems.append(f"{relative}:{number}: includes {match.group(1)}, "
                                "which is not below its layer")
    for problem in problems:
        print(problem)
    print(f"layers: {len(sources)} files checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
