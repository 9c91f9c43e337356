#!/usr/bin/env python3
"""Writes N cases of the simplified decision as JSON Lines, deterministically (same N and seed, same bytes).

Dates sit on and next to the decision's boundaries (2021-07-06, 2022-03-31/04-01, 2023-03-31) and the
contract's own end; optional dates are null about a third of the time. Usage: gen_cases.py N [SEED]
"""
import datetime as dt
import json
import random
import sys

BOUNDS = ["2021-07-05", "2021-07-06", "2021-07-07", "2022-03-30", "2022-03-31", "2022-04-01",
          "2023-03-30", "2023-03-31", "2023-04-01"]


def day(rng, lo="2018-01-01", hi="2027-12-31"):
    if rng.random() < 0.4:
        return rng.choice(BOUNDS)
    a, b = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
    return (a + dt.timedelta(days=rng.randint(0, (b - a).days))).isoformat()


def near(rng, iso):
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=rng.choice([-1, 0, 0, 1, 30, -30]))).isoformat()


def case(rng):
    b = lambda p=0.5: rng.random() < p
    maybe = lambda v: None if rng.random() < 0.33 else v
    ends = day(rng, "2021-01-01", "2027-12-31")
    c = {
        "as_of": day(rng, "2021-07-06", "2026-12-31"),
        "agency_kind": "ministry" if b(0.7) else "other",
        "service_registered": b(0.15),
        "alternative_exists": b(0.6),
        "multi_year_contract": b(0.5),
        "contract_signed_on": day(rng, "2018-01-01", "2023-12-31"),
        "contract_ends_on": ends,
        "contract_extended_ends_on": maybe(near(rng, day(rng, "2022-01-01", "2027-12-31"))),
        "migration_large_impact": b(0.4),
        "migration_plan_on": maybe(day(rng, "2021-01-01", "2023-12-31")),
        "migration_ends_on": maybe(day(rng, "2022-01-01", "2027-12-31")),
        "under_construction": b(0.3),
        "construction_started_on": maybe(day(rng, "2019-01-01", "2023-12-31")),
        "saas": b(0.5),
        "needs_iaas_registration": b(0.5),
        "application_expected": b(0.6),
        "alternative_application_expected": b(0.5),
    }
    if b(0.2):
        c["as_of"] = near(rng, c["contract_extended_ends_on"] or ends)  # on and around the deadline
    return c


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 20210706)
    out = []
    for _ in range(n):
        out.append(json.dumps(case(rng), separators=(",", ":")))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
