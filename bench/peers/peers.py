#!/usr/bin/env python3
"""Side-by-side benchmark (docs/performance.md): the simplified decision in ismap-rules and in established
engines, on the same JSON Lines cases.

Every engine must give the same (outcome, deadline, status) as the plain Python function `reference` on
every case, or the run fails. Each peer is timed as one Python loop over the pre-read lines, from
`json.loads` to the answer (regorus parses the line itself, see rego_engine); ismap-rules by wall clock, as a whole `eval --batch --jobs 1 --select …` process
over the same file. Figures are cases/s on one core, the median of RUNS runs, all from this one run.

Usage: peers.py ISMAP_RULES_BINARY CASES.jsonl [RUNS]
"""
import importlib.metadata as md
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SELECT = "measure.outcome,measure.deadline,measure.status"


def reference(c):
    """The decision as a plain Python function (the issue's wording, rule by rule)."""
    apps = c["application_expected"] or c["alternative_application_expected"]
    contract_end = c["contract_extended_ends_on"] or c["contract_ends_on"]
    if c["agency_kind"] == "other" and c["as_of"] < "2022-04-01":
        o, d = "out-of-scope", None
    elif c["service_registered"]:
        o, d = "registered", None
    elif c["alternative_exists"] and c["multi_year_contract"] and c["contract_signed_on"] < "2021-07-06" and apps:
        o, d = "new-1-i", contract_end
    elif (c["alternative_exists"] and c["migration_large_impact"] and c["alternative_application_expected"]
          and c["migration_plan_on"] is not None and c["migration_plan_on"] <= "2022-03-31"):
        o, d = "new-1-ii", c["migration_ends_on"]
    elif (c["alternative_exists"] and c["under_construction"] and c["construction_started_on"] is not None
          and c["construction_started_on"] < "2021-07-06" and apps):
        o, d = "new-1-iii", contract_end
    elif c["saas"] and c["needs_iaas_registration"] and c["application_expected"]:
        o, d = "new-2", "2023-03-31"
    else:
        o, d = "principle-use", None
    return o, d, "none" if d is None else ("active" if c["as_of"] <= d else "expired")


def python_engine():
    loads = json.loads

    def run(line):
        return reference(loads(line))
    return run


def zen_engine():
    import zen
    with open(os.path.join(HERE, "decision.zen.json"), encoding="utf-8") as f:
        decision = zen.ZenEngine().create_decision(f.read())
    loads = json.loads

    def run(line):
        r = decision.evaluate(loads(line))["result"]
        return r.get("outcome"), r.get("deadline"), r.get("status")
    return run


def cel_engine():
    import cel
    with open(os.path.join(HERE, "decision.cel"), encoding="utf-8") as f:
        program = cel.compile("".join(l for l in f if not l.startswith("//")))
    loads = json.loads

    def run(line):
        r = program.execute(loads(line))
        return r.get("outcome"), r.get("deadline"), r.get("status")
    return run


def rego_engine():
    import regorus
    engine = regorus.Engine()
    with open(os.path.join(HERE, "decision.rego"), encoding="utf-8") as f:
        engine.add_policy("decision.rego", f.read())
    # The JSON text goes in as it is: this binding's set_input(dict) turns Python's True/False into numbers,
    # which Rego treats as true. So regorus parses JSON itself (in Rust) instead of json.loads.
    def run(line):
        engine.set_input_json(line)
        r = engine.eval_rule("data.bench.result")
        return r.get("outcome"), r.get("deadline"), r.get("status")
    return run


PEERS = [
    ("GoRules ZEN", "zen-engine", zen_engine),
    ("CEL", "common-expression-language", cel_engine),
    ("Rego (regorus)", "celine-regorus", rego_engine),
    ("plain Python function", None, python_engine),
]


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def ismap_rules(binary, cases, out):
    """One whole process; returns (wall-clock seconds, CPU seconds)."""
    c0 = children_cpu()
    t0 = time.perf_counter()
    with open(out, "wb") as f:
        p = subprocess.run([binary, "eval", "--batch", cases, "--jobs", "1", "--rules", os.path.join(HERE, "rules"),
                            "--select", SELECT], stdout=f, stderr=subprocess.DEVNULL)
    t = time.perf_counter() - t0
    if p.returncode not in (0, 3):
        sys.exit(f"ismap-rules exited {p.returncode}")
    return t, children_cpu() - c0


def main():
    binary, cases = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with open(cases, encoding="utf-8") as f:
        lines = f.read().splitlines()
    n = len(lines)
    expected = [reference(json.loads(l)) for l in lines]
    print(f"{n} cases from {os.path.basename(cases)}; machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}")

    results = []  # (name, version, median cases/s, runs)
    failed = False
    for name, package, make in PEERS:
        try:
            run = make()
        except Exception as e:  # a peer that does not install or load here is reported, not fatal
            print(f"{name}: not run ({e})")
            continue
        got = [run(l) for l in lines]
        bad = [i for i in range(n) if got[i] != expected[i]]
        if bad:
            failed = True
            i = bad[0]
            print(f"{name}: DISAGREES on {len(bad)} cases; first, line {i + 1}: {got[i]} != {expected[i]}")
        speeds, cpu = [], []
        for _ in range(runs):
            c0 = time.process_time()
            t0 = time.perf_counter()
            for l in lines:
                run(l)
            speeds.append(n / (time.perf_counter() - t0))
            cpu.append(n / (time.process_time() - c0))
        results.append((name, md.version(package) if package else platform.python_version(), speeds, cpu))

    out = os.path.join(os.path.dirname(os.path.abspath(cases)), "ismap-rules-peers.out.jsonl")
    timings = [ismap_rules(binary, cases, out) for _ in range(runs)]
    speeds = [n / w for w, _ in timings]
    ours_cpu = statistics.median(n / c for _, c in timings)
    with open(out, encoding="utf-8") as f:
        got = [json.loads(l) for l in f]
    got = [(g["measure.outcome"], g["measure.deadline"], g["measure.status"]) for g in got]
    bad = [i for i in range(n) if i >= len(got) or got[i] != expected[i]]
    if bad or len(got) != n:
        failed = True
        i = bad[0]
        print(f"ismap-rules: DISAGREES on {len(bad)} cases; first, line {i + 1}: "
              f"{got[i] if i < len(got) else None} != {expected[i]}")
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    ours = statistics.median(speeds)
    print(f"\nall engines agree on all {n} cases" if not failed else "\nENGINES DISAGREE (see above)")
    print(f"\n| engine | version | cases/s per core, wall clock (median of {runs}) | runs | ismap-rules ÷ engine "
          "| cases per CPU-second (median) | ismap-rules ÷ engine, CPU |")
    print("|---|---|---|---|---|---|---|")
    print(f"| ismap-rules `eval --batch --jobs 1 --select` (whole process) | {version} | {ours:,.0f} | "
          f"{', '.join(f'{s:,.0f}' for s in speeds)} | 1.0 | {ours_cpu:,.0f} | 1.0 |")
    for name, v, s, c in results:
        m, mc = statistics.median(s), statistics.median(c)
        print(f"| {name} | {v} | {m:,.0f} | {', '.join(f'{x:,.0f}' for x in s)} | {ours / m:.2f} | {mc:,.0f} | "
              f"{ours_cpu / mc:.2f} |")
    peers = [(statistics.median(s), name) for name, _, s, _ in results if name != "plain Python function"]
    if peers:
        best, who = max(peers)
        print(f"\nfastest established engine: {who}, {best:,.0f} cases/s; ismap-rules is {ours / best:.2f}× that "
              f"(target ≥ 10×)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
