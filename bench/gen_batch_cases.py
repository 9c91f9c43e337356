#!/usr/bin/env python3
"""Generates N ISMAP cases as JSON Lines (or CSV with --csv) for `eval --batch` benchmarks and tests.

Deterministic (seeded): boundary dates around the decisions and deadlines, nulls for optional
facts, and about one case in eight with facts left out (undetermined). Usage:
  bench/gen_batch_cases.py 100000 > cases.jsonl
  bench/gen_batch_cases.py --csv 100000 > cases.csv
"""
import csv
import json
import random
import sys

ENUMS = {
    "agency.kind": ["national_government", "independent_administrative_agency", "designated_corporation", "other"],
    "service.model": ["iaas", "paas", "saas"],
    "application.status": ["applied", "expected", "none"],
    "alternative.status": ["registered", "applied", "expected", "none"],
    "saas.delay_reason": ["base_iaas_registration_pending", "other_similar", "none"],
    "declared_type": ["new-1-i", "new-1-ii", "new-1-iii", "new-2", "none"],
    "data.location": ["domestic", "domestic_with_foreign_backup", "foreign"],
    "data.overseas_justification": ["none", "backup_dr", "litigation_risk_acceptable"],
}
BOOLS = ["service.in_use_or_planned_at_decision", "application.expected_within_old_period", "alternative.exists",
         "contract.multi_year", "contract.extended_unavoidably", "migration.large_impact",
         "migration.extended_unavoidably", "construction.in_progress", "compliance.disclosed_to_secretariat",
         "compliance.csp_informed", "compliance.basic_statement_confirmed", "compliance.risk_assessed",
         "compliance.reported", "compliance.changes_reported", "compliance.fallback_confirmed",
         "data.jurisdiction_japan", "data.foreign_law_risk_assessed"]
DATES = ["service.registered_on", "service.used_from", "service.procured_on", "application.applied_on",
         "application.no_prospect_since", "contract.signed_on", "contract.ends_on", "contract.extended_ends_on",
         "contract.renewal_signed_on", "contract.renewal_ends_on", "migration.plan_decided_on", "migration.ends_on",
         "migration.extended_ends_on", "migration.completed_on", "construction.started_on"]
REQUIRED_DATES = set()
BOUNDARIES = ["2020-06-29", "2020-06-30", "2020-07-01", "2021-07-05", "2021-07-06", "2021-07-07", "2022-03-31",
              "2022-04-01", "2023-03-31", "2023-04-01", "2024-03-31", "2025-03-31"]


def day(r):
    if r.random() < 0.5:
        return r.choice(BOUNDARIES)
    return f"{r.randint(2018, 2027)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"


def case(r, i):
    c = {"id": f"C-{i:07d}", "as_of": r.choice(["2021-08-01", "2022-10-01", "2023-03-31", "2023-04-01", "2020-09-01"])}
    for k, vs in ENUMS.items():
        c[k] = r.choice(vs)
    for k in BOOLS:
        c[k] = r.random() < 0.5
    for k in DATES:
        c[k] = None if r.random() < 0.45 else day(r)
    c["service.name"] = "サンプルクラウド"
    if r.random() < 0.125:  # leave some facts out: undetermined cases
        for k in r.sample(sorted(c.keys() - {"id", "as_of"}), 3):
            del c[k]
    return c


def main():
    args = sys.argv[1:]
    as_csv = "--csv" in args
    n = int([a for a in args if not a.startswith("--")][0])
    r = random.Random(8)
    out = sys.stdout
    if as_csv:
        names = ["id", "as_of"] + list(ENUMS) + BOOLS + DATES + ["service.name"]
        w = csv.writer(out, lineterminator="\n")
        w.writerow(names)
        for i in range(n):
            c = case(r, i)
            w.writerow(["" if k not in c else "null" if c[k] is None else
                        ("true" if c[k] else "false") if isinstance(c[k], bool) else c[k] for k in names])
    else:
        for i in range(n):
            out.write(json.dumps(case(r, i), ensure_ascii=False, separators=(",", ":")) + "\n")


main()
