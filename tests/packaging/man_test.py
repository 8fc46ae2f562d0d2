#!/usr/bin/env python3
"""Checks that the man page docs/man/castmap.1 matches the CLI, and renders cleanly.

usage: man_test.py CASTMAP MAN_PAGE

The commands come from `castmap --help` and each command's options from `castmap COMMAND --help`,
so a new command or option fails this test until the man page documents it (in COMMANDS, one
.SS per command, one .TP per option). For every option the page must agree on whether it takes
a value, and mention each value of an enumerated one; positional arguments must be named in
the command's section; the .TH line must carry `castmap --version`'s version. Then
`man --warnings` and `groff -ww` must render it without a warning, and lexgrog (which makes the
whatis entry) must read its NAME line.
"""
import os
import re
import subprocess
import sys

OPTION_LINE = re.compile(r"^\s+(?:(-\w),)?(--[a-z][a-z0-9-]*)(?: ([A-Z]+)(?::\{([^}]*)\})?)?(?:\s|$)")
POSITIONAL_LINE = re.compile(r"^\s+([A-Z][A-Z_]*)(?:\s|$)")


def run(*command, env=None):
    return subprocess.run(command, check=True, capture_output=True, text=True, env=env)


def help_sections(text):
    """Splits CLI11 help into {"Options": [lines], "Subcommands": [...], "Positionals": [...]}."""
    sections, current = {}, None
    for line in text.splitlines():
        heading = re.match(r"^([A-Z][a-z]+):$", line)
        if heading:
            current = sections.setdefault(heading.group(1), [])
        elif current is not None and line.strip():
            current.append(line)
    return sections


def cli_options(lines):
    """{"--config": (takes_value, [choices]), "-h": ...} from CLI11's option lines."""
    options = {}
    for line in lines:
        match = OPTION_LINE.match(line)
        if not match:
            continue
        short, name, value_type, choices = match.groups()
        entry = (value_type is not None, choices.split(",") if choices else [])
        options[name] = entry
        if short:
            options[short] = entry
    return options


def plain(roff):
    """Text of a roff line: macro name, font escapes and quotes removed, \\- as -."""
    text = re.sub(r"^\.[A-Z]+\s*", "", roff)
    text = re.sub(r"\\f[BIRP]", "", text).replace("\\-", "-").replace('"', " ")
    return text


def man_sections(page):
    """{(SH, SS): [lines]} of the page (SS is None before the first .SS of a .SH)."""
    sections, sh, ss = {}, None, None
    for line in page.splitlines():
        if line.startswith(".SH "):
            sh, ss = plain(line).strip(), None
        elif line.startswith(".SS "):
            ss = plain(line).strip()
        else:
            sections.setdefault((sh, ss), []).append(line)
    return sections


def man_options(lines):
    """{"--config": (takes_value, tag text, entry text)} from the .TP items of a section."""
    options = {}
    for i, line in enumerate(lines):
        if line != ".TP" or i + 1 >= len(lines):
            continue
        tag = plain(lines[i + 1]).replace(",", " ").split()
        names = [word for word in tag if re.fullmatch(r"--?[a-zA-Z][a-z0-9-]*", word)]
        takes_value = len(tag) > len(names)
        end = next((j for j in range(i + 2, len(lines)) if lines[j] == ".TP"), len(lines))
        entry = plain(" ".join(lines[i + 1:end]))
        for name in names:
            options[name] = (takes_value, entry)
    return options


def compare(where, cli, man, problems):
    for name in sorted(set(cli) - set(man)):
        problems.append(f"{where}: {name} is not documented")
    for name in sorted(set(man) - set(cli)):
        problems.append(f"{where}: {name} is documented but castmap has no such option")
    for name in sorted(set(cli) & set(man)):
        takes_value, choices = cli[name]
        documented_value, entry = man[name]
        if takes_value != documented_value:
            problems.append(f"{where}: {name} {'takes' if takes_value else 'takes no'} value, "
                            f"the man page says otherwise")
        for choice in choices:
            if not re.search(rf"\b{re.escape(choice)}\b", entry):
                problems.append(f"{where}: {name} value '{choice}' is not mentioned")


def main():
    castmap, page_path = sys.argv[1], sys.argv[2]
    with open(page_path, encoding="utf-8") as f:
        page = f.read()
    sections = man_sections(page)
    problems = []

    top = help_sections(run(castmap, "--help").stdout)
    commands = [line.split()[0] for line in top.get("Subcommands", [])]
    if not commands:
        problems.append("castmap --help lists no commands")
    documented = {ss for (sh, ss) in sections if sh == "COMMANDS" and ss}
    for name in sorted(set(commands) - documented):
        problems.append(f"command '{name}' has no .SS in COMMANDS")
    for name in sorted(documented - set(commands)):
        problems.append(f"COMMANDS documents '{name}', which castmap --help does not list")

    compare("castmap", cli_options(top.get("Options", [])),
            man_options(sections.get(("OPTIONS", None), [])), problems)
    # A command with subcommands of its own (`chapters convert`) is checked per subcommand; its
    # section documents them all.
    checked = []
    for name in commands:
        subcommands = help_sections(run(castmap, name, "--help").stdout).get("Subcommands", [])
        checked += [[name, line.split()[0]] for line in subcommands] or [[name]]
    for words in checked:
        name = words[0]
        help_text = help_sections(run(castmap, *words, "--help").stdout)
        options = cli_options(help_text.get("Options", []))
        # -h/--help is documented once for every command (COMMANDS' first paragraph).
        options.pop("-h", None)
        options.pop("--help", None)
        section = sections.get(("COMMANDS", name), [])
        where = "castmap " + " ".join(words)
        compare(where, options, man_options(section), problems)
        text = plain(" ".join(section)).lower()
        if len(words) > 1 and not re.search(rf"\b{words[1]}\b", text):
            problems.append(f"{where}: the command is not mentioned in its section")
        for line in help_text.get("Positionals", []):
            match = POSITIONAL_LINE.match(line)
            if match and not re.search(rf"\b{match.group(1).lower()}\b", text):
                problems.append(f"{where}: argument {match.group(1)} is not mentioned")
    if not re.search(r"-h\s*,\s*--help", plain(" ".join(sections.get(("COMMANDS", None), [])))):
        problems.append("COMMANDS does not say that every command takes -h, --help")

    version = run(castmap, "--version").stdout.split()[-1]
    th = next((line for line in page.splitlines() if line.startswith(".TH ")), "")
    if f'"castmap {version}"' not in th:
        problems.append(f".TH does not name castmap {version}: {th}")

    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8", MAN_KEEP_FORMATTING="")
    rendered = subprocess.run(["man", "--warnings", "-l", page_path], capture_output=True,
                              text=True, env=env)
    if rendered.returncode != 0 or rendered.stderr or "castmap" not in rendered.stdout:
        problems.append(f"man --warnings -l: status {rendered.returncode}: {rendered.stderr}")
    groff = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", page_path],
                           capture_output=True, text=True)
    if groff.returncode != 0 or groff.stderr:
        problems.append(f"groff -ww: {groff.stderr}")
    whatis = subprocess.run(["lexgrog", page_path], capture_output=True, text=True)
    if whatis.returncode != 0 or "castmap - " not in whatis.stdout:
        problems.append(f"lexgrog cannot read the NAME line: {whatis.stdout}{whatis.stderr}")

    for problem in problems:
        print(f"{page_path}: {problem}")
    print(f"man page: {len(commands)} commands checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
