#!/usr/bin/env python3
"""Validates flow files against schema/callflow.schema.json with a standard validator.

Usage: validate_samples.py FILE...   (exit 0 when every file is valid, 1 otherwise)

The published schema must accept every sample flow; a test here also checks that it rejects
a broken variant, so a schema that accepts anything cannot pass.
"""
import copy
import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[2]


def main(paths):
    schema = json.loads((ROOT / "schema" / "callflow.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    failures = 0
    for path in paths:
        document = json.loads(Path(path).read_text())
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        for error in errors:
            where = "/".join(str(p) for p in error.path) or "(root)"
            print(f"{path}: {where}: {error.message}")
        failures += bool(errors)
        # The schema must also say no: a menu option with a key that is not on a keypad.
        broken = copy.deepcopy(document)
        menus = [c for c in broken["flow"]["components"].values() if c["kind"] == "menu"]
        if menus:
            menus[0]["config"]["options"][0]["key"] = "A"
            if validator.is_valid(broken):
                print(f"{path}: the schema accepted a menu key 'A'; per-kind config rules are missing")
                failures += 1
    print(f"{len(paths) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
