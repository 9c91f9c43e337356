#!/usr/bin/env python3
"""Batch throughput and scale in rules (docs/performance.md), run by `make bench`.

1. `eval --batch` over 10^4, 10^5 and 10^6 generated ISMAP cases (bench/gen_ismap_cases.py), on one core
   (--jobs 1) and on all cores (default), with --select of the answer columns and with full JSON Lines,
   output to /dev/null: cases/s by wall clock and peak RSS from /usr/bin/time -v.
2. Rule sets of 10 ... 10,000 generated rules (bench/gen_rules.py): a one-case `eval` process (reading,
   loading and compiling the rule set dominate) and the cost per case of `eval --batch --jobs 1` over
   10^4 cases of that rule set.

Usage: batch.py ISMAP_RULES_BINARY WORK_DIR [SIZES] (SIZES: comma-separated, default 10000,100000,1000000;
BENCH_FULL_MAX limits the sizes that also run with full JSON Lines output, default 1000000)
"""
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SELECT = "interim_measure.outcome,interim_measure.deadline,interim_measure.status,situation.outcome"


def timed(argv, stdin=None):
    """Runs argv with stdout to /dev/null; returns (wall seconds, peak RSS in MB, exit code, CPU seconds).
    On a shared machine the CPU time (user + system) is the steadier figure: other work inflates wall time."""
    with open(os.devnull, "wb") as null:
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v"] + argv, stdout=null, stderr=subprocess.PIPE, stdin=stdin)
        wall = time.perf_counter() - t0
    rss = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    cpu = sum(float(m) for m in re.findall(rb"(?:User|System) time \(seconds\): ([0-9.]+)", p.stderr))
    return wall, (int(rss.group(1)) / 1024 if rss else float("nan")), p.returncode, cpu


def cases_file(work, n):
    path = os.path.join(work, f"ismap-{n}.jsonl")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        with open(path + ".tmp", "wb") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_ismap_cases.py"), str(n)], stdout=f, check=True)
        os.replace(path + ".tmp", path)
    return path


def batch(binary, work, sizes, full_max):
    cores = os.cpu_count()
    print(f"## Batch throughput, bundled ISMAP rules ({cores} cores)\n")
    print("| cases | output | --jobs | wall s | cases/s (wall) | CPU s (user + sys) | cases per CPU-second | "
          "peak RSS MB | exit |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        path = cases_file(work, n)
        for label, extra in [("--select (4 columns)", ["--select", SELECT]), ("full JSON Lines", [])]:
            if not extra and n > full_max:
                continue
            for jobs in ["1", str(cores)]:
                wall, rss, code, cpu = timed([binary, "eval", "--batch", path, "--jobs", jobs] + extra)
                print(f"| {n:,} | {label} | {jobs} | {wall:.2f} | {n / wall:,.0f} | {cpu:.2f} | {n / cpu:,.0f} | "
                      f"{rss:.1f} | {code} |", flush=True)


def scale(binary, work):
    print("\n## Scale in rules (generated rule sets, one `main` decision of 10 rules)\n")
    print("| rules | rule file KB | one-case `eval` process ms (median of 5) | µs per case, `--batch --jobs 1` "
          "over 10,000 cases | exit |")
    print("|---|---|---|---|---|")
    rng = random.Random(7)
    facts = os.path.join(work, "scale-facts.jsonl")
    with open(facts, "w") as f:
        for _ in range(10_000):
            kv = [f'"f.date{i}":' + (rng.choice(['null', '"2020-01-01"', '"2021-07-05"', '"2021-07-06"', '"2022-03-31"']))
                  for i in range(10)]
            kv += [f'"f.flag{i}":{rng.choice(["true", "false"])}' for i in range(5)]
            kv += [f'"f.kind{i}":"{rng.choice("abcd")}"' for i in range(5)]
            f.write('{"as_of":"2021-08-01",' + ",".join(kv) + "}\n")
    one = os.path.join(work, "scale-one.json")
    with open(facts) as f, open(one, "w") as o:
        o.write(f.readline())
    for n in [10, 100, 1000, 10_000]:
        rules = os.path.join(work, f"rules-{n}.yaml")
        with open(rules, "wb") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_rules.py"), str(n)], stdout=f, check=True)
        singles = [timed([binary, "eval", "--rules", rules, "--format", "json", "--no-trace", one])[0] for _ in range(5)]
        single = statistics.median(singles)
        wall, _, code, _ = timed([binary, "eval", "--batch", facts, "--jobs", "1", "--rules", rules, "--select", "d0.outcome"])
        per_case = max(0.0, wall - single) / 10_000 * 1e6
        print(f"| {n:,} | {os.path.getsize(rules) / 1024:,.0f} | {single * 1000:.1f} | {per_case:.2f} | {code} |",
              flush=True)


def main():
    binary, work = sys.argv[1], sys.argv[2]
    sizes = [int(s) for s in (sys.argv[3] if len(sys.argv) > 3 else "10000,100000,1000000").split(",")]
    full_max = int(os.environ.get("BENCH_FULL_MAX", "1000000"))
    os.makedirs(work, exist_ok=True)
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"ismap-rules {version}; {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
          f"load average {os.getloadavg()[0]:.2f}\n")
    batch(binary, work, sizes, full_max)
    scale(binary, work)


if __name__ == "__main__":
    main()
