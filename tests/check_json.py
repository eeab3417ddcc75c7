#!/usr/bin/env python3
"""Validate `loa check --json` output (stdin) against tests/check-schema.json
with only the json module: the schema subset it uses is checked here."""
import json
import sys

TYPES = {"object": dict, "array": list, "string": str, "null": type(None)}


def is_type(v, t):
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    return isinstance(v, TYPES[t])


def check(v, s, where, errs):
    types = s.get("type")
    if types is not None:
        types = types if isinstance(types, list) else [types]
        if not any(is_type(v, t) for t in types):
            errs.append(f"{where}: {v!r} is not {types}")
            return
    if "enum" in s and v not in s["enum"]:
        errs.append(f"{where}: {v!r} not in {s['enum']}")
    if "minimum" in s and isinstance(v, (int, float)) and not isinstance(v, bool) \
            and v < s["minimum"]:
        errs.append(f"{where}: {v} < {s['minimum']}")
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                errs.append(f"{where}: missing {k}")
        props = s.get("properties", {})
        for k, x in v.items():
            if k in props:
                check(x, props[k], f"{where}.{k}", errs)
            elif s.get("additionalProperties") is False:
                errs.append(f"{where}: unexpected {k}")
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            check(x, s["items"], f"{where}[{i}]", errs)


def main():
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    doc = json.load(sys.stdin)
    errs = []
    check(doc, schema, "$", errs)
    # Counts must add up.
    if not errs:
        for f in doc["files"]:
            e = sum(1 for x in f["findings"] if x["severity"] == "error")
            if e != f["errors"] or len(f["findings"]) - e != f["warnings"]:
                errs.append(f"{f['path']}: counts do not match the findings")
        if sum(f["errors"] for f in doc["files"]) != doc["errors"]:
            errs.append("$.errors is not the sum of the files' errors")
    for e in errs:
        print(e, file=sys.stderr)
    sys.exit(1 if errs else 0)


main()
