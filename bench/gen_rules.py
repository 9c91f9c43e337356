#!/usr/bin/env python3
"""Writes a generated rule set with N rules (10 per decision, N/10 decisions, one `main` decision d0) over
20 facts, with dates, enums, definitions, exclusions and `period_end` deadlines: the same shape as the
100-rule set of Sources/ismap-rules-bench. Usage: gen_rules.py N > rules.yaml
"""
import sys


def main():
    n = int(sys.argv[1])
    y = ["ruleset: {id: bench, series: bench, decided_on: 2021-07-06, effective_from: 2021-07-06, main: [d0]}",
         "facts:"]
    y += [f"  f.date{i}: {{type: date, optional: true}}" for i in range(10)]
    y += [f"  f.flag{i}: bool" for i in range(5)]
    y += [f"  f.kind{i}: {{type: enum, values: [a, b, c, d]}}" for i in range(5)]
    y += ["constants:", "  cutoff: 2021-07-06", "  span: 1 year", "definitions:"]
    y += [f'  def{i}: "f.date{i} != none and (f.date{i} ?? cutoff) < cutoff and f.flag{i % 5}"' for i in range(10)]
    y += ["obligations:", "  report: {text: Report, source: s}", "decisions:"]
    for d in range(max(1, n // 10)):
        y += [f"  d{d}:", "    hit: first", "    rules:"]
        for r in range(10):
            i = d * 10 + r
            y += [f"      - id: r{i}",
                  f"        source: clause {i}",
                  "        when:",
                  f"          - def{i % 10}",
                  f'          - f.kind{i % 5} in ["a", "{"bcd"[i % 3]}"]',
                  "        unless:",
                  f"          - id: x{i}",
                  f'            when: "f.date{(i + 1) % 10} != none and (f.date{(i + 1) % 10} ?? cutoff) >= cutoff"',
                  "            reason: late",
                  f"            source: clause {i}",
                  f'        deadline: "period_end(f.date{i % 10} ?? cutoff, span)"',
                  "        obligations: [report]"]
        y += ["    otherwise: {outcome: none}"]
    sys.stdout.write("\n".join(y) + "\n")


if __name__ == "__main__":
    main()
