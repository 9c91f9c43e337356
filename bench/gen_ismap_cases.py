#!/usr/bin/env python3
"""Writes N realistic ISMAP cases as JSON Lines, deterministically (the same N and seed give the same bytes).

Each case starts from a case of the ISMAP test suite (Tests/ismap/*.yaml), then moves its dates to and
around the decision's boundaries (2021-07-06, 2022-03-31, 2023-03-31, the contract's own end, ...), turns
optional facts to null, leaves some facts out (unknown) and picks an evaluation date near a boundary of the
same rule-set version. Usage: gen_ismap_cases.py N [SEED] > cases.jsonl
"""
import datetime as dt
import glob
import json
import os
import random
import sys

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BOUNDARIES = ["2020-06-30", "2020-07-01", "2021-03-31", "2021-04-01", "2021-07-05", "2021-07-06", "2021-07-07",
              "2021-09-30", "2021-10-01", "2022-03-31", "2022-04-01", "2023-03-31", "2023-04-01", "2024-03-31",
              "2024-04-01", "2024-02-29", "2025-03-31"]
SWITCH = dt.date(2021, 7, 6)  # the 2021-07-06 version takes effect


def flatten(prefix, node, out):
    for k, v in node.items():
        name = f"{prefix}.{k}" if prefix else str(k)
        if isinstance(v, dict):
            flatten(name, v, out)
        else:
            out[name] = v


def declared(version):
    with open(os.path.join(ROOT, "rules/ismap", version, "facts.yaml"), encoding="utf-8") as f:
        facts = yaml.safe_load(f)["facts"]
    out = {}
    for name, d in facts.items():
        d = d if isinstance(d, dict) else {"type": d}
        out[name] = (d.get("type"), bool(d.get("optional")))
    return out


def templates():
    found = []
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests/ismap/*.yaml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for case in doc.get("cases", []):
            if "facts" not in case or "as_of" not in case or "expect" in case and "error" in case["expect"]:
                continue
            facts = {}
            flatten("", case["facts"], facts)
            found.append((case["as_of"], facts))
    return found


def iso(v):
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 20210706)
    decls = {"2020-06-30": declared("2020-06-30"), "2021-07-06": declared("2021-07-06")}
    base = templates()
    out = sys.stdout
    lines = []
    for i in range(n):
        as_of, facts = rng.choice(base)
        new = as_of >= SWITCH
        decl = decls["2021-07-06" if new else "2020-06-30"]
        case = {}
        for name, value in facts.items():
            kind, optional = decl.get(name, (None, False))
            value = iso(value)
            r = rng.random()
            if kind == "date" and value is not None and r < 0.35:
                if rng.random() < 0.6:
                    value = rng.choice(BOUNDARIES)
                else:
                    value = (dt.date.fromisoformat(value) + dt.timedelta(days=rng.choice([-1, 1, -365, 365, 30]))).isoformat()
            elif optional and r < 0.04:
                value = None
            elif r < 0.015 and name != "agency.kind":
                continue  # unknown
            case[name] = value
        pool = [b for b in BOUNDARIES if (dt.date.fromisoformat(b) >= SWITCH) == new and b >= "2020-06-30"]
        day = rng.choice(pool) if rng.random() < 0.5 else iso(as_of)
        if rng.random() < 0.3:
            d = dt.date.fromisoformat(day) + dt.timedelta(days=rng.randint(-40, 40))
            day = d.isoformat() if (d >= SWITCH) == new and d >= dt.date(2020, 6, 30) else day
        case = {"as_of": day, **case}
        lines.append(json.dumps(case, ensure_ascii=False, separators=(",", ":")))
        if len(lines) >= 10000:
            out.write("\n".join(lines) + "\n")
            lines = []
    if lines:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
