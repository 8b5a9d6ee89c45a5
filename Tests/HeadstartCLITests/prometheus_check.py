"""Parses a Prometheus text exposition with prometheus_client's own parser, independent of Headstart.

stdin: the text of GET /metrics. stdout: JSON {family: {"type": ..., "samples": [[name, labels, value], ...]}}.
Exits non-zero (with the parser's message) when the text does not parse.
"""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

families = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    families[family.name] = {
        "type": family.type,
        "samples": [[s.name, s.labels, s.value] for s in family.samples],
    }
print(json.dumps(families))
