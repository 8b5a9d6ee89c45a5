#!/usr/bin/env bash
# Fuzzes the YAML layer and the plan and catalog decoders with libFuzzer for a bounded time.
#   bash Tests/Fuzz/fuzz.sh [SECONDS]   (default 60)
# The seed corpus is built from the example plans, the catalog and the test fixtures; findings
# land in Tests/Fuzz/findings/ (ignored by git): turn each into a regression fixture.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
work="$(mktemp -d)"
mkdir -p "$work/corpus" Tests/Fuzz/findings
cp Plans/catalog.yaml Plans/examples/*.yaml Tests/*/Fixtures/*.yaml "$work/corpus/"
swift build -c release --scratch-path .build-fuzz --product headstart-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
.build-fuzz/release/headstart-fuzz "$work/corpus" -max_total_time="$seconds" -max_len=65536 \
    -artifact_prefix=Tests/Fuzz/findings/ -print_final_stats=1
