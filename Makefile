# Shortcuts; the README's two commands work without make.
.PHONY: report test sample format
report:
	bash .ci/report
test:
	bash .ci/test
sample:
	swift run -c release churnsite sample --out Data/sample --orders 5000 --seed 42
format:
	swift format --in-place --recursive Sources Tests Package.swift
