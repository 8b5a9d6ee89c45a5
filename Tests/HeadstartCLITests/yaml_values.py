"""Reads YAML on stdin with PyYAML's safe loader and prints it as JSON: what another tool sees."""
import json
import sys

import yaml

print(json.dumps(yaml.safe_load(sys.stdin.read())))
