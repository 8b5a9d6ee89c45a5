# Two commands do everything on a fresh machine (see README): `make run` starts the daemon with the
# shipped example plans, `make test` runs every test. Each first installs what the machine lacks
# (.ci/install: Debian's packages, the pinned Python checkers), and nothing it has.

.PHONY: run test bench fuzz man

run:
	bash .ci/install run
	swift run headstart serve --plans Plans/examples

test:
	bash .ci/install test
	swift test

# The performance suite: release build, whole-process and daemon figures next to their
# anchors, in-process stages. Under 15 minutes on 2 cores from a clean clone.
bench:
	bash Tests/Benchmarks/bench.sh 3

fuzz:
	bash Tests/Fuzz/fuzz.sh

# Regenerates Deploy/headstart.1 from the command definitions (swift-argument-parser's
# generate-manual plugin) and the README's exit-code, environment and file tables; a test fails
# when the committed page misses a command, an option or a table row.
man:
	swift package generate-manual --configuration debug --date 2026-11-26 --section 1 --authors "the Headstart authors"
	cp .build/plugins/GenerateManual/outputs/headstart/headstart.1 Deploy/headstart.1
	python3 .ci/manpage.py README.md Deploy/headstart.1
