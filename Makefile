# Two commands do everything (see README): `swift run headstart serve --plans Plans/examples`
# and `swift test`. These are conveniences around them.

.PHONY: test bench fuzz

test:
	swift test

# The performance suite: release build, whole-process and daemon figures next to their
# anchors, in-process stages. Under 15 minutes on 2 cores from a clean clone.
bench:
	bash Tests/Benchmarks/bench.sh 3

fuzz:
	bash Tests/Fuzz/fuzz.sh
