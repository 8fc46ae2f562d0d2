#!/usr/bin/env python3
"""Checks schema/castmap.schema.json against the configurations castmap ships and reads.

usage: validate_configs.py REPO CASTMAP [CONFIG...]

Validates (draft 2020-12) every castmap.yaml under examples/, golden/, tests/ and docs/, and each
CONFIG given (e.g. one `castmap init` wrote); checks that configurations castmap rejects are
rejected by the schema too, and that the schema's exporter names are `castmap exporters`'.
YAML is read with PyYAML (YAML 1.1, as yaml-cpp reads it).
"""
import json
import pathlib
import subprocess
import sys

import jsonschema
import yaml


def main():
    repo = pathlib.Path(sys.argv[1])
    castmap = sys.argv[2]
    schema = json.loads((repo / "schema/castmap.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0

    configs = sorted({path for root in ("examples", "golden", "tests", "docs")
                      for path in (repo / root).rglob("castmap.yaml")})
    configs += [pathlib.Path(extra) for extra in sys.argv[3:]]
    if len(configs) < 3:
        print(f"schema: only {len(configs)} configurations found under {repo}")
        return 1
    for path in configs:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        for error in errors:
            where = ".".join(str(part) for part in error.absolute_path) or "(top)"
            print(f"{path}: {where}: {error.message}")
        failures += bool(errors)
    print(f"schema: {len(configs)} configurations checked")

    # What castmap rejects (config-unknown-key, config-invalid), the schema must reject too.
    rejected = [
        {"sites": {}},
        {"site": {"base_url": "example.com"}},
        {"site": {"podcast": {"owner": "x"}}},
        {"shows": {"a": {"podcast": {"type": "weekly"}}}},
        {"shows": {"a": {"feed": "x"}}},
        {"sitemap": {"max_urls": 50001}},
        {"limits": {"max_file_bytes": 0}},
        {"exporters": ["rss", "opml"]},
        {"strict": "sometimes"},
    ]
    for config in rejected:
        if validator.is_valid(config):
            print(f"schema: accepts {json.dumps(config)}, which castmap rejects")
            failures += 1

    listed = subprocess.run([castmap, "exporters"], check=True, capture_output=True,
                            text=True).stdout.split("\n")
    names = sorted(line.split()[0] for line in listed if line.strip())
    in_schema = sorted(schema["properties"]["exporters"]["items"]["enum"])
    if names != in_schema:
        print(f"schema: exporters {in_schema}, but `castmap exporters` lists {names}")
        failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
