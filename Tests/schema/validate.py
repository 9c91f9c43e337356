#!/usr/bin/env python3
"""Validates the bundled rule files and example facts files against docs/schema/ with jsonschema,
and checks that broken copies are rejected by the schema exactly where `check` or `eval` rejects them.

Usage: validate.py BINARY   (run from the package root; `make test` runs it)

YAML is read as an editor's YAML language server reads it (YAML 1.2 core): `2021-07-06` stays text
and only true/false are booleans, so the data the schema sees is what editors validate.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema
import yaml

ROOT = os.getcwd()
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)
HEADLINE = re.compile(r"^(.+?):(\d+):(\d+): error\[([a-z-]+)\]", re.M)


class CoreLoader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1's timestamps and yes/no/on/off booleans."""


CoreLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def schema_for(path):
    """The schema a file's modeline names, relative to the file."""
    with open(path, encoding="utf-8") as f:
        m = MODELINE.search(f.read())
    if not m:
        fail(f"{path}: no `# yaml-language-server: $schema=…` line")
        return None
    target = os.path.normpath(os.path.join(os.path.dirname(path), m.group(1)))
    with open(target, encoding="utf-8") as f:
        return json.load(f)


def validator(schema):
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def leaf_errors(err):
    """Descends into anyOf/oneOf to the branch that fits the value's kind (the one without a type error at the top)."""
    if err.validator in ("anyOf", "oneOf") and err.context:
        branches = {}
        for e in err.context:
            branches.setdefault(e.relative_schema_path[0], []).append(e)
        fitting = [es for es in branches.values()
                   if not any(e.validator in ("type", "enum") and len(e.relative_path) == 0 for e in es)]
        if len(fitting) == 1:
            return [x for e in fitting[0] for x in leaf_errors(e)]
    return [err]


def node_at(node, path):
    for p in path:
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == p)
        else:
            node = node.value[p]
    return node


def schema_positions(path, schema):
    """(line, column) of each schema error in the file, 1-based, as the loader counts them."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    data = yaml.load(text, Loader=CoreLoader)
    tree = yaml.compose(text, Loader=CoreLoader)
    out = set()
    for top in validator(schema).iter_errors(data):
        for e in leaf_errors(top):
            node = node_at(tree, e.absolute_path)
            if e.validator == "additionalProperties":
                allowed = set(e.schema.get("properties", {}))
                for k, _ in node.value:
                    if k.value not in allowed:
                        out.add((k.start_mark.line + 1, k.start_mark.column + 1))
            else:
                out.add((node.start_mark.line + 1, node.start_mark.column + 1))
    return out


def tool_positions(args, path):
    r = subprocess.run(args, capture_output=True, text=True)
    text = r.stdout + r.stderr
    return {(int(m.group(2)), int(m.group(3))) for m in HEADLINE.finditer(text)
            if os.path.normpath(m.group(1)) == os.path.normpath(path)}, r.returncode, text


def mutate(src, dst, old, new):
    with open(src, encoding="utf-8") as f:
        text = f.read()
    assert old in text, f"{old!r} not in {src}"
    with open(dst, "w", encoding="utf-8") as f:
        f.write(text.replace(old, new, 1))


def main():
    binary = os.path.abspath(sys.argv[1])
    rule_files = sorted(os.path.join(d, f) for d, _, fs in os.walk("rules") for f in fs if f.endswith((".yaml", ".yml")))
    facts_files = sorted(os.path.join("examples", f) for f in os.listdir("examples") if f.endswith((".yaml", ".yml")))
    checked = 0
    for path in rule_files + facts_files:
        schema = schema_for(path)
        if schema is None:
            continue
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=CoreLoader)
        errors = list(validator(schema).iter_errors(data))
        for e in errors:
            fail(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        checked += 1
    # Rule sets of the examples (the tutorial's policy): rule files, with or without a modeline.
    rules_schema = validator(json.load(open("docs/schema/rules.schema.json", encoding="utf-8")))
    for d, _, fs in sorted(os.walk("examples")):
        if "/rules" not in d + "/":
            continue
        for f in sorted(fs):
            if f.endswith((".yaml", ".yml")):
                with open(os.path.join(d, f), encoding="utf-8") as fh:
                    data = yaml.load(fh, Loader=CoreLoader)
                for e in rules_schema.iter_errors(data):
                    fail(f"{os.path.join(d, f)}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
                checked += 1
    print(f"{checked} files validated against their schemas")

    tmp = tempfile.mkdtemp()
    try:
        # Rule files: a copy of the newest bundled rule set with one mistake each, checked by `check`.
        version = sorted(os.listdir("rules/ismap"))[-1]
        rule_cases = [
            ("misspelt rule key", "decisions-measure.yaml", "        when: not in_scope", "        wehn: not in_scope"),
            ("misspelt header key", "ruleset.yaml", "  decided_on:", "  decided_no:"),
            ("misspelt fact key", "facts.yaml", "    label: {ja: 機関の種別", "    lable: {ja: 機関の種別"),
            ("wrong hit policy", "decisions-measure.yaml", "    hit: first", "    hit: frist"),
            ("wrong fact type", "facts.yaml", "    type: enum", "    type: enumm"),
            ("misspelt enum value key", "facts.yaml", "      - {value: iaas, label:", "      - {value: iaas, lable:"),
            ("misspelt exclusion key", "decisions-eligibility.yaml", "            reason: {ja: 本決定以降に複数年契約を締結した,",
             "            reasn: {ja: 本決定以降に複数年契約を締結した,"),
            ("misspelt constant key", "constants.yaml", "    description: {ja: 本決定の日", "    descripton: {ja: 本決定の日"),
            ("wrong table match value", "tables.yaml", "      spaces: collapse", "      spaces: colapse"),
            ("misspelt obligation key", "obligations.yaml", "    text:", "    txet:"),
            ("misspelt section", "obligations.yaml", "obligations:", "obligation:"),
        ]
        for name, file, old, new in rule_cases:
            d = os.path.join(tmp, "r")
            shutil.rmtree(d, ignore_errors=True)
            shutil.copytree(os.path.join("rules/ismap", version), d)
            target = os.path.join(d, file)
            mutate(os.path.join("rules/ismap", version, file), target, old, new)
            # The modeline points back into the package from its real place.
            with open(target, encoding="utf-8") as f:
                text = MODELINE.sub("# yaml-language-server: $schema=" + os.path.join(ROOT, "docs/schema/rules.schema.json"), f.read())
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            want, rc, out = tool_positions([binary, "check", d], target)
            got = schema_positions(target, schema_for(target))
            if rc == 0 or not want:
                fail(f"{name}: `check` accepted the copy:\n{out}")
            elif got != want:
                fail(f"{name}: the schema rejects at {sorted(got)}, `check` at {sorted(want)}\n{out}")
            else:
                print(f"ok: {name}: rejected at {sorted(got)} by both")

        # Facts files: an example with one mistake each, evaluated by `eval`.
        example = "examples/multi-year-contract.yaml"
        facts_cases = [
            ("misspelt fact (nested)", "  multi_year: true", "  multi_yaer: true", True),
            ("misspelt fact (flat key)", "declared_type: new-1-i", "declared_typo: new-1-i", True),
            ("wrong enum value", "{kind: national_government,", "{kind: national_goverment,", True),
            ("null for a required fact", "  multi_year: true", "  multi_year: null", True),
            ("misspelt fact in unknown:", "declared_type: new-1-i", "declared_type: new-1-i\nunknown: [data.locaton]", True),
            ("null for an optional fact", "  signed_on: 2019-02-15", "  signed_on: null", False),
            ("a flat dotted key", "declared_type: new-1-i", "service.procured_on: 2019-02-15\ndeclared_type: new-1-i", None),
        ]
        for name, old, new, rejected in facts_cases:
            target = os.path.join(tmp, "case.yaml")
            if rejected is None:  # flat key: move service.procured_on out of its group
                mutate(example, target, "  procured_on: 2019-02-15\n", "")
                mutate(target, target, old, new)
                rejected = False
            else:
                mutate(example, target, old, new)
            with open(target, encoding="utf-8") as f:
                text = MODELINE.sub("# yaml-language-server: $schema=" + os.path.join(ROOT, "docs/schema/facts.ismap-interim-measures.schema.json"), f.read())
            with open(target, "w", encoding="utf-8") as f:
                f.write(text)
            want, rc, out = tool_positions([binary, "eval", target], target)
            got = schema_positions(target, schema_for(target))
            if rejected and (rc != 2 or not want):
                fail(f"{name}: `eval` accepted the copy (exit {rc}):\n{out}")
            elif not rejected and (rc == 2 or got):
                fail(f"{name}: should be accepted; eval exit {rc}, schema errors at {sorted(got)}\n{out}")
            elif got != want:
                fail(f"{name}: the schema rejects at {sorted(got)}, `eval` at {sorted(want)}\n{out}")
            else:
                print(f"ok: {name}: " + (f"rejected at {sorted(got)} by both" if rejected else "accepted by both"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{len(failures)} failed" if failures else "schema checks: all passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
