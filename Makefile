# relmap — the two commands of the README are `make demo` and `make test`.
.PHONY: demo serve test bench build neo4j-start neo4j-stop

build:
	go build -o bin/relmap ./cmd/relmap

demo:
	go run ./cmd/relmap demo

serve:
	go run ./cmd/relmap serve

test:
	bash scripts/test.sh

bench:
	bash bench/run.sh

neo4j-start:
	bash scripts/neo4j-dev.sh start

neo4j-stop:
	bash scripts/neo4j-dev.sh stop
