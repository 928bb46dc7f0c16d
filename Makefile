# The two commands: `make run` (the suite with demo data on 127.0.0.1:8069)
# and `make test` (every test; ends with "N passed, M failed").
.PHONY: run stop test setup bench
run:
	@bash scripts/run.sh
stop:
	@bash scripts/stop.sh
test:
	@bash scripts/test.sh
setup:
	@bash scripts/setup.sh
bench:
	@bash scripts/bench.sh
