# pictor: `make run` serves the samples on http://127.0.0.1:8080, `make test` runs every test.
BUILD   ?= build
JOBS    ?= $(shell nproc)
SAMPLES ?= samples
CONFIG  ?= config/pictor.toml

.PHONY: deps configure build samples run test bench clean format format-check

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

samples: deps
	@bash scripts/make-samples.sh $(SAMPLES)

run: build samples
	$(BUILD)/src/pictor serve --config $(CONFIG)

test: build samples format-check
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 300

# STYLE.md: clang-format (LLVM base, 4 spaces, 100 columns, .clang-format) is checked by `make test`.
SOURCES = $(shell git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 2>/dev/null)

format: deps
	@if [ -n "$(SOURCES)" ]; then clang-format -i $(SOURCES); fi

format-check: deps
	@if [ -n "$(SOURCES)" ]; then clang-format --dry-run --Werror $(SOURCES) && echo "clang-format: clean"; fi

bench: build samples
	bash bench/run.sh

clean:
	rm -rf $(BUILD)
