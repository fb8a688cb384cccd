# pictor: `make run` serves the samples on http://127.0.0.1:8080, `make test` runs every test.
BUILD   ?= build
JOBS    ?= $(shell nproc)
SAMPLES ?= samples
CONFIG  ?= config/pictor.toml

.PHONY: deps configure build web samples run test test-tools test-container test-sanitize fuzz bench clean format format-check package

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null

build: configure web
	@cmake --build $(BUILD) -j $(JOBS)

# The viewer and admin console (web/): TypeScript type-checked, bundled by esbuild into
# web/dist, which pictor serves (ui.dir) and the package installs. Dependencies from the npm
# registry, pinned by web/package-lock.json.
web: deps
	@[ -x web/node_modules/.bin/esbuild ] || npm ci --prefix web --no-audit --no-fund --loglevel=error
	@npm run --prefix web --silent build

samples: deps
	@bash scripts/make-samples.sh $(SAMPLES)

run: build samples
	$(BUILD)/src/pictor serve --config $(CONFIG)

# The Debian package (CPack; cmake/Packaging.cmake): build/pictor_VERSION_ARCH.deb with the
# optimised binary stripped, its symbols in pictor-dbgsym, the config, unit and man page.
package: build
	cd $(BUILD) && cpack -G DEB

# Test tools from the npm registry, pinned by their committed lockfiles: s3rver, the
# S3-compatible server the remote-source tests start on loopback; Redocly CLI, which lints
# docs/openapi.json (1.x: it runs on Debian 12's Node.js 18); playwright-core, which drives
# Debian's chromium in the browser tests (tests/browser), which also pin the IIIF clients they
# drive: Mirador 4.0.0 and OpenSeadragon 5.0.1; kubernetes-models and yaml, which validate the
# rendered Kubernetes manifests (tests/k8s); and Debian's kubectl (kubernetes-client), unpacked
# into the build folder, whose kustomize renders them; a Debian 12 root (mmdebstrap) the
# package test installs the package into.
test-tools: deps
	@[ -x tests/s3/node_modules/.bin/s3rver ] || npm ci --prefix tests/s3 --no-audit --no-fund --loglevel=error
	@[ -x tests/openapi/node_modules/.bin/redocly ] || npm ci --prefix tests/openapi --no-audit --no-fund --loglevel=error
	@[ -d tests/browser/node_modules/mirador ] || npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	@[ -d tests/k8s/node_modules/kubernetes-models ] || npm ci --prefix tests/k8s --no-audit --no-fund --loglevel=error
	@bash scripts/fetch-kubectl.sh $(BUILD)/tools/kubernetes-client
	@bash scripts/debian-root.sh $(BUILD)/tools/debian-bookworm.tar

test: build samples format-check test-tools
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 300

# The container image (Containerfile) built on a mmdebstrap base and run with podman
# (tests/container/container_test.sh). Not part of `make test`: a cold build compiles pictor
# inside the image (about 15 minutes on 2 cores; the host's ccache is mounted into the build).
test-container: samples
	@bash scripts/install-deps.sh container
	bash tests/container/container_test.sh . $(BUILD) $(SAMPLES)

# The whole test suite against an AddressSanitizer + UndefinedBehaviorSanitizer build (its own
# build directory; the first run compiles everything, about 25 minutes on 2 cores).
SANITIZE_BUILD ?= build-sanitize
test-sanitize: deps samples test-tools
	@cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
		-DPICTOR_SANITIZE=ON > /dev/null
	@cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS) --timeout 900

# Every libFuzzer target (tests/fuzz) for FUZZ_SECONDS each, built with clang + ASan + UBSan.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz:
	@bash scripts/install-deps.sh fuzz
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug \
		-DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DPICTOR_FUZZ=ON > /dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_targets
	bash scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The code's format: clang-format (LLVM base, 4 spaces, 100 columns, .clang-format), checked by `make test`.
SOURCES = $(shell git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 2>/dev/null)

format: deps
	@if [ -n "$(SOURCES)" ]; then clang-format -i $(SOURCES); fi

format-check: deps
	@if [ -n "$(SOURCES)" ]; then clang-format --dry-run --Werror $(SOURCES) && echo "clang-format: clean"; fi

bench: build
	bash bench/run.sh

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(FUZZ_BUILD)
