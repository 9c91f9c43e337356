#!/usr/bin/env python3
"""Validates every golden eval output against docs/eval-output.schema.json (JSON Schema 2020-12).

Golden files: Tests/RulesCLITests/Snapshots/eval-*.json, eval-*-errors.json (errors on standard error)
and batch-*.jsonl (one JSON value a line). Run by `make test`; exits 1 naming each failure.
"""
import json
import pathlib
import sys

import jsonschema

root = pathlib.Path(__file__).resolve().parents[2]
schema = json.loads((root / "docs/eval-output.schema.json").read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
snapshots = root / "Tests/RulesCLITests/Snapshots"

documents = []
for path in sorted(snapshots.glob("eval-*.json")):
    documents.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
for path in sorted(snapshots.glob("batch-*.jsonl")):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            documents.append((f"{path.name}:{n}", json.loads(line)))

failures = 0
for name, doc in documents:
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors[:3]:
        failures += 1
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        print(f"{name}: {where}: {e.message}", file=sys.stderr)
if not documents:
    print("no golden outputs found", file=sys.stderr)
    sys.exit(1)
print(f"schema: {len(documents)} golden outputs checked, {failures} failures")
sys.exit(1 if failures else 0)
