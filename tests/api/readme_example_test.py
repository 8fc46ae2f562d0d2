#!/usr/bin/env python3
"""README.md's library example is a real file: every fenced block README.md introduces with
`<!-- library-example: PATH -->` must be PATH's text, byte for byte, so the example the tests
compile and run is the one readers copy.

usage: readme_example_test.py SOURCE_DIR"""
import pathlib
import re
import sys

source = pathlib.Path(sys.argv[1])
readme = (source / "README.md").read_text(encoding="utf-8")
blocks = re.findall(r"<!-- library-example: (\S+) -->\n```[a-z+]*\n(.*?)^```$", readme,
                    re.DOTALL | re.MULTILINE)
if not blocks:
    sys.exit("README.md shows no library example (<!-- library-example: PATH --> and a fence)")
failed = False
for path, shown in blocks:
    actual = (source / path).read_text(encoding="utf-8")
    if shown != actual:
        print(f"README.md's copy of {path} differs from the file; paste the file again")
        failed = True
    else:
        print(f"README.md shows {path} as it is ({actual.count(chr(10))} lines)")
sys.exit(1 if failed else 0)
