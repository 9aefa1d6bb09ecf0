# The two commands. Each installs what it needs first (scripts/bootstrap.sh).
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run test

## Build the console (release) and serve it on http://clawdesk.localhost:3000 (sandbox platforms unless configured).
run:
	@scripts/bootstrap.sh release
	@scripts/build-release.sh
	./target/release/clawdesk

## Every test: formatting, lints, unit, integration and end-to-end in headless Chromium (debug and release builds).
test:
	@scripts/bootstrap.sh test
	@scripts/test.sh
