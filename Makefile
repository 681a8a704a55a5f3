# Shortcuts; the README's two commands work without make.
.PHONY: report test sample format fuzz bench
report:
	bash .ci/report
test:
	bash .ci/test
sample:
	swift run -c release churnsite sample --out Data/sample --orders 5000 --seed 42
format:
	swift format --in-place --recursive Sources Tests Package.swift
fuzz:
	bash .ci/fuzz $${FUZZ_SECONDS:-300}
bench:
	swift build -c release --product churnsite
	swift run -c release churnsite-bench all
