#!/usr/bin/env python3
"""bench.py - castmap against the Node.js peer pipeline, in the same session, on the same catalogs.

    python3 bench/bench.py [--sizes 1000,10000,100000] [--runs 3] [--one-changed-runs 1]
                           [--work DIR] [--fs disk,tmpfs]
                           [--castmap BIN] [--floor BIN] [--write-floor BIN]
                           [--results bench/RESULTS.md] [--baseline BIN] [--smoke]

For each size it generates a catalog with the peer's make-corpus.py (into --work, never into the
repo), warms the page cache, then measures, alternating castmap and peer runs:
  * cold export (empty output folder): castmap and peer, wall s and peak RSS (/usr/bin/time -v)
  * warm re-run (nothing changed) and one-episode-changed re-run: castmap
  * floors: `cat` of all input, yaml-cpp parse of all front matter on 1 thread and on all cores,
    and writing a cold export's files again with plain open/write/close on all cores
  * castmap's phase split from its --report
on the disk-backed --work folder and on tmpfs (/dev/shm). Old output folders are renamed aside,
not deleted, until the end (see set_aside: deleting 184,000 files slows the next file creations
on a journal-less ext4 for minutes). Prints Markdown tables and, unless
--smoke, writes them to --results with the machine, date and commit.
--baseline BIN: a second castmap build (e.g. the commit before a restructuring) measured in the
same runs, alternating with --castmap on the same catalogs and edits; its cold, warm and
one-changed figures and the ratios go in a table of their own (wall and CPU seconds).
--smoke: one 1,000-episode catalog, one run, no results file (CTest target bench.smoke).
Exit 77 (skipped) when ../shared (make-corpus.py, the peer) is not there.
"""
import argparse, datetime, json, os, platform, re, shutil, statistics, subprocess, sys, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(REPO), "shared")
PEER = os.path.join(SHARED, "tools", "peer")
CORPUS = os.path.join(SHARED, "corpus", "rawkode-academy")
CONFIG = os.path.join(REPO, "tests", "corpus", "castmap.yaml")


def timed(cmd, env=None):
    full = ["/usr/bin/time", "-v"] + cmd
    t0 = time.perf_counter()
    p = subprocess.run(full, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    user = re.search(r"User time \(seconds\): ([\d.]+)", p.stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", p.stderr)
    if p.returncode not in (0, 1):
        sys.stderr.write(" ".join(cmd) + "\n" + p.stderr[-3000:])
        raise SystemExit(f"command failed with status {p.returncode}")
    cpu = float(user.group(1)) + float(system.group(1)) if user and system else None
    return {"wall": wall, "cpu": cpu, "rss": int(rss.group(1)) / 1024 if rss else None,
            "stdout": p.stdout}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def input_files(corpus):
    out = []
    for sub in ("videos", "shows", "people"):
        for d, _dirs, names in os.walk(os.path.join(corpus, sub)):
            out += [os.path.join(d, n) for n in names if n.endswith(".md")]
    return out


def set_aside(path):
    """Moves an old output folder out of the way without deleting it: deleted in bulk only when
    the benchmark ends (empty_trash). On ext4 without a journal (this VM's disk), the kernel's
    inode allocator skips every inode deleted in the last 60-360 s (recently_deleted() in
    fs/ext4/ialloc.c), one buffer lookup each: a cold export right after `rm -rf` of 184,000
    files spent 60 CPU-s in the kernel instead of 12, for castmap and the peer alike, and more
    for whichever ran right after the other's output was deleted."""
    if not os.path.exists(path):
        return
    trash = os.path.join(os.path.dirname(path), ".bench-trash")
    os.makedirs(trash, exist_ok=True)
    os.rename(path, os.path.join(trash, f"{os.path.basename(path)}-{time.monotonic_ns()}"))


def empty_trash(roots):
    for root in roots:
        shutil.rmtree(os.path.join(root, ".bench-trash"), ignore_errors=True)
    subprocess.run(["sync"])


def ensure_peer():
    home = os.environ.get("CASTMAP_PEER_HOME", "/tmp/castmap-peer")
    probe = os.path.join(home, "node_modules", ".castmap-lock")
    if not os.path.exists(probe):
        subprocess.run(["bash", os.path.join(PEER, "run-peer.sh"), CORPUS, "/tmp/castmap-peer-probe",
                        "--base-url", "https://rawkode.academy"], check=True, capture_output=True)
        shutil.rmtree("/tmp/castmap-peer-probe", ignore_errors=True)
    return os.path.join(home, "peer-export.mjs")


def castmap_cmd(args, corpus, out, report, binary=None):
    return [binary or args.castmap, "export", "--config", CONFIG, "--content", corpus, "--out", out,
            "--quiet", "--report", report]


def touch_one_episode(corpus, index):
    """Changes one episode's title (a real content change, so its outputs must be rewritten)."""
    files = sorted(f for f in input_files(corpus) if "/videos/" in f)
    # Block scalar titles (`title: >-`, about 2 % of the corpus) continue on the next line:
    # appending to their first line would break the YAML, so the next inline title is taken.
    start = (index * 7919) % len(files)
    for step in range(len(files)):
        path = files[(start + step) % len(files)]
        text = open(path, encoding="utf-8").read()
        if re.search(r"^title: (?![>|])\S", text, flags=re.M):
            break
    text = re.sub(r"^title: (.*)$", lambda m: "title: " + m.group(1).rstrip() + " ~", text, count=1,
                  flags=re.M)
    if re.search(r"^title: '.*' ~$", text, flags=re.M):  # keep quoted scalars valid
        text = re.sub(r"^title: '(.*)' ~$", r"title: '\1 ~'", text, count=1, flags=re.M)
    if re.search(r'^title: ".*" ~$', text, flags=re.M):
        text = re.sub(r'^title: "(.*)" ~$', r'title: "\1 ~"', text, count=1, flags=re.M)
    open(path, "w", encoding="utf-8").write(text)


def measure(args, size, fs_name, root, peer_script):
    corpus = os.path.join(args.work, f"corpus-{size}")
    out_c, out_p = os.path.join(root, f"castmap-out-{size}"), os.path.join(root, f"peer-out-{size}")
    report = os.path.join(args.work, "report.json")
    res = {"cold": [], "peer": [], "warm": [], "one": [], "phases": [],
           "base_cold": [], "base_warm": [], "base_one": []}
    out_b = os.path.join(root, f"baseline-out-{size}")
    base_report = os.path.join(args.work, "baseline-report.json")
    for r in range(args.runs):
        set_aside(out_p)
        if peer_script:
            res["peer"].append(timed(["node", peer_script, corpus, out_p, "--base-url", "https://rawkode.academy",
                                      "--media-url", "https://content.rawkode.academy"]))
        set_aside(out_p)
        set_aside(out_c)
        subprocess.run(["sync"])  # the peer's writes are on disk before castmap starts
        res["cold"].append(timed(castmap_cmd(args, corpus, out_c, report)))
        res["phases"].append(json.load(open(report))["phases_seconds"])
        res["warm"].append(timed(castmap_cmd(args, corpus, out_c, report)))
        if args.baseline:  # the same cold and warm runs, right after, on the same catalog
            set_aside(out_b)
            subprocess.run(["sync"])
            res["base_cold"].append(timed(castmap_cmd(args, corpus, out_b, base_report, args.baseline)))
            res["base_warm"].append(timed(castmap_cmd(args, corpus, out_b, base_report, args.baseline)))
        for k in range(args.one_changed_runs):
            touch_one_episode(corpus, r * args.one_changed_runs + k + 1)
            res["one"].append(timed(castmap_cmd(args, corpus, out_c, report)))
            changed = json.load(open(report))["files"]
            res.setdefault("one_files", []).append(
                sum(v["created"] + v["changed"] + v["removed"] for v in changed.values()))
            if args.baseline:
                res["base_one"].append(timed(castmap_cmd(args, corpus, out_b, base_report, args.baseline)))
    files = sum(len(n) for _d, _s, n in os.walk(out_c))
    # The write floor: the same files created again in a new folder on the same file system.
    res["write_floor"] = []
    for _ in range(args.runs):
        target = os.path.join(root, f"write-floor-{size}")
        res["write_floor"].append(json.loads(timed([args.write_floor, out_c, target])["stdout"])["seconds"])
        if fs_name == "tmpfs":  # memory, not disk: deleting costs nothing later
            shutil.rmtree(target)
        else:
            set_aside(target)
    set_aside(out_c)
    set_aside(out_p)
    set_aside(out_b)
    subprocess.run(["sync"])
    res["outputs"] = files
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--one-changed-runs", type=int, default=1,
                    help="one-episode-changed re-runs after each cold run (each edits another episode)")
    ap.add_argument("--work", default="/tmp/castmap-bench")
    ap.add_argument("--fs", default="disk,tmpfs")
    ap.add_argument("--castmap", default=os.path.join(REPO, "build", "release", "castmap"))
    ap.add_argument("--floor", default=os.path.join(REPO, "build", "release", "bench", "castmap_yaml_floor"))
    ap.add_argument("--write-floor", default=os.path.join(REPO, "build", "release", "bench", "castmap_write_floor"))
    ap.add_argument("--results", default=os.path.join(REPO, "bench", "RESULTS.md"))
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--baseline", default=None,
                    help="a second castmap binary measured beside --castmap (before/after)")
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()
    if not os.path.isdir(CORPUS) or not os.path.isfile(os.path.join(PEER, "make-corpus.py")):
        print(f"skip: {SHARED} not found")
        return 77
    if args.smoke:
        args.sizes, args.runs, args.fs = "1000", 1, "disk"
        args.work = os.path.join(args.work, "smoke")
    sizes = [int(s) for s in args.sizes.split(",")]
    os.makedirs(args.work, exist_ok=True)
    peer_script = None if args.no_peer else ensure_peer()
    roots = {"disk": args.work, "tmpfs": "/dev/shm/castmap-bench"}
    # Outputs a previous, interrupted benchmark set aside; then the deleted inodes must age
    # (see set_aside) before anything is measured on disk.
    if any(os.path.isdir(os.path.join(root, ".bench-trash")) for root in roots.values()):
        empty_trash(roots.values())
        if not args.smoke:
            time.sleep(65)
    rows, phase_rows = [], []
    for size in sizes:
        corpus = os.path.join(args.work, f"corpus-{size}")
        if not os.path.isdir(corpus):
            subprocess.run([sys.executable, os.path.join(PEER, "make-corpus.py"), CORPUS, corpus, str(size)],
                           check=True, capture_output=True)
        files = input_files(corpus)
        mb = sum(os.path.getsize(f) for f in files) / 1e6
        for f in files:  # warm the page cache once, as the peer's bench does
            with open(f, "rb") as fh:
                fh.read()
        cat = median([timed(["sh", "-c", f"find '{corpus}/videos' '{corpus}/shows' -name '*.md' -print0 | xargs -0 cat > /dev/null"])["wall"] for _ in range(args.runs)])
        # castmap parses through yaml-cpp's event API (src/load/yaml_tree.cpp), so `events` is its floor;
        # `load` (YAML::Load, what most programs call) is kept on all cores for reference.
        def floor(threads, mode):
            command = [args.floor, corpus, str(threads or os.cpu_count()), mode]
            return median([json.loads(timed(command)["stdout"])["seconds"] for _ in range(args.runs)])
        floor1, floor_n, floor_load = floor(1, "events"), floor(0, "events"), floor(0, "load")
        for fs_name in args.fs.split(","):
            root = roots[fs_name]
            os.makedirs(root, exist_ok=True)
            r = measure(args, size, fs_name, root, peer_script)
            cold, cold_rss = median([x["wall"] for x in r["cold"]]), median([x["rss"] for x in r["cold"]])
            peer = median([x["wall"] for x in r["peer"]]) if r["peer"] else None
            peer_rss = median([x["rss"] for x in r["peer"]]) if r["peer"] else None
            warm = median([x["wall"] for x in r["warm"]])
            one = median([x["wall"] for x in r["one"]])
            rows.append(dict(size=size, mb=mb, fs=fs_name, cold=cold, cold_rss=cold_rss, peer=peer,
                             peer_rss=peer_rss, warm=warm, warm_rss=median([x["rss"] for x in r["warm"]]),
                             one=one, one_files=median(r["one_files"]), cat=cat, floor1=floor1,
                             floor_n=floor_n, floor_load=floor_load, outputs=r["outputs"],
                             write_floor=median(r["write_floor"])))
            phases = {}
            for p in r["phases"]:
                for k, v in p.items():
                    phases.setdefault(k, []).append(v)
            phase_rows.append((size, fs_name, {k: median(v) for k, v in phases.items()}))
            if args.baseline:
                for kind in ("cold", "warm", "one"):
                    for what in ("wall", "cpu"):
                        rows[-1][f"base_{kind}_{what}"] = median([x[what] for x in r["base_" + kind]])
                        rows[-1][f"{kind}_{what}"] = median([x[what] for x in r[kind]])
                rows[-1]["base_cold_rss"] = median([x["rss"] for x in r["base_cold"]])
            print(json.dumps(rows[-1]), flush=True)

    empty_trash(roots.values())

    def f(x, digits=2):
        return "–" if x is None else f"{x:.{digits}f}"

    def ratio(a, b):
        return "–" if a is None or b is None or b == 0 else f"{a / b:.1f}x"

    lines = ["| episodes | input MB | FS | castmap cold s / RSS MB | peer s / RSS MB | peer/castmap | cold/floor (events, all cores) | write floor s | (parse + write floor)/floor | warm s (peer/warm) | one changed s (peer/one, files) | outputs |",
             "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['size']:,} | {r['mb']:.1f} | {r['fs']} | {f(r['cold'])} / {f(r['cold_rss'], 0)} | "
                     f"{f(r['peer'])} / {f(r['peer_rss'], 0)} | {ratio(r['peer'], r['cold'])} | "
                     f"{ratio(r['cold'], r['floor_n'])} | {f(r['write_floor'])} | "
                     f"{f((r['floor_n'] + r['write_floor']) / r['floor_n'])}x | "
                     f"{f(r['warm'], 3)} ({ratio(r['peer'], r['warm'])}) | "
                     f"{f(r['one'], 3)} ({ratio(r['peer'], r['one'])}, {r['one_files']:.0f}) | {r['outputs']:,} |")
    lines += ["", "Floors (median): `cat` of all input; yaml-cpp parsing all front matter through its event "
              "API (castmap's floor: `castmap_yaml_floor DIR N events`), and building YAML::Load's node tree "
              "(reference). The write floor (table above, per file system): creating the files of a cold "
              "export again, state files included, with plain open/write/close on all cores "
              "(`castmap_write_floor EXPORT NEW_DIR`); no cold export can beat the parse floor plus it.", "",
              "| episodes | cat s | yaml-cpp events 1 thread s | yaml-cpp events all cores s | YAML::Load all cores s |",
              "|---:|---:|---:|---:|---:|"]
    seen = set()
    for r in rows:
        if r["size"] in seen:
            continue
        seen.add(r["size"])
        lines.append(f"| {r['size']:,} | {f(r['cat'], 3)} | {f(r['floor1'])} | {f(r['floor_n'])} | {f(r['floor_load'])} |")
    if args.baseline:
        lines += ["", f"Before/after, measured in the same runs (`--baseline {os.path.basename(args.baseline)}`, "
                  "alternating on the same catalogs and edits): median wall s / CPU s, and this build's "
                  "wall time as a share of the baseline's.", "",
                  "| episodes | FS | cold: baseline / this | warm: baseline / this | one changed: baseline / this | cold RSS MB: baseline / this |",
                  "|---:|---|---:|---:|---:|---:|"]
        for r in rows:
            cells = []
            for kind in ("cold", "warm", "one"):
                cells.append(f"{f(r['base_' + kind + '_wall'], 3)} / {f(r['base_' + kind + '_cpu'])} → "
                             f"{f(r[kind + '_wall'], 3)} / {f(r[kind + '_cpu'])} "
                             f"({100 * r[kind + '_wall'] / r['base_' + kind + '_wall']:.0f} %)")
            lines.append(f"| {r['size']:,} | {r['fs']} | " + " | ".join(cells) +
                         f" | {f(r['base_cold_rss'], 0)} / {f(r['cold_rss'], 0)} |")
    lines += ["", "castmap cold-run phases (median seconds, from --report):", ""]
    names = []  # pipeline order: the report lists phases as they ran
    for _s, _f, p in phase_rows:
        names += [k for k in p if k not in names]
    lines.append("| episodes | FS | " + " | ".join(names) + " |")
    lines.append("|---:|---|" + "---:|" * len(names))
    for size, fs_name, p in phase_rows:
        lines.append(f"| {size:,} | {fs_name} | " + " | ".join(f(p.get(n), 3) for n in names) + " |")
    table = "\n".join(lines)
    print(table)
    if not args.smoke:
        commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
        mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "?")
        header = (f"Measured {datetime.date.today()} at commit {commit} on {os.cpu_count()} cores ({cpu}), "
                  f"{int(mem) // 1024 // 1024} GiB RAM, {platform.platform()}; {args.runs} runs each, median.\n")
        marker = "<!-- bench.py results -->"
        text = open(args.results).read() if os.path.exists(args.results) else marker + "\n"
        before = text.split(marker)[0]
        open(args.results, "w").write(before + marker + "\n\n" + header + "\n" + table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
