"""Validates YAML files against JSON Schemas with the jsonschema package, independent of Headstart.

stdin: one JSON object per line, {"schema": PATH, "file": PATH}.
stdout: one JSON object per line, {"file": PATH, "status": "valid" | "invalid" | "unreadable", "errors": [...]}.
YAML is read with PyYAML's safe loader minus its YAML 1.1 timestamp rule, so 2026-11-26 stays a
string as it does under the YAML 1.2 core schema Headstart reads with.
"""
import json
import sys

import jsonschema
import yaml


class CoreLoader(yaml.SafeLoader):
    pass


CoreLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

validators = {}
for line in sys.stdin:
    request = json.loads(line)
    schema_path = request["schema"]
    if schema_path not in validators:
        schema = json.load(open(schema_path))
        jsonschema.Draft202012Validator.check_schema(schema)
        validators[schema_path] = jsonschema.Draft202012Validator(schema)
    try:
        document = yaml.load(open(request["file"], encoding="utf-8"), Loader=CoreLoader)
    except yaml.YAMLError as error:
        print(json.dumps({"file": request["file"], "status": "unreadable", "errors": [str(error).splitlines()[0]]}))
        continue
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validators[schema_path].iter_errors(document)]
    print(json.dumps({"file": request["file"], "status": "invalid" if errors else "valid", "errors": errors}))
