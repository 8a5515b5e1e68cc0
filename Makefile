# rareflow: the two set-up commands are `make run` and `make test`.
#
#   make deps    install the missing Debian packages (only those dpkg-query says are missing)
#   make build   configure and build into build/ (never installs a system package; it calls
#                make assets)
#   make assets  the chart libraries of the report and dashboard from the npm registry, as pinned
#                in web/package-lock.json (npm ci into web/node_modules, only when that changed)
#   make run     deps + build + run the built-in baseline scenario
#   make test    deps + build + the whole test suite (the mpi label too, when CMake found MPI),
#                then the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer
#                (build-asan/, built without MPI), then make tsan
#   make asan    only the sanitizer build (clang) and its tests, the fuzz smoke tests included
#   make tsan    ThreadSanitizer build (clang, build-tsan/): rareflow mc on 2 threads and
#                tests/e2e/mc.sh, halting on the first report (docs/uncertainty.md); about
#                1.5 min from scratch on 2 cores, so part of make test
#   make fuzz    each fuzz harness for FUZZ_SECONDS (default 600), e.g.
#                make fuzz FUZZ_TARGETS=fuzz_pipeline FUZZ_SECONDS=1800 (tests/fuzz/README.md)
#   make fuzz-smoke  only the fuzz smoke tests (ctest -L fuzz, 20 s each)
#   make bench   the benchmarks: the baseline year, whole runs over the years (bench/README.md)
#   make clean   remove the build folders

SHELL := /bin/bash
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
# CI builds with -Werror; a developer's build only warns.
WERROR := $(if $(CI),ON,OFF)

# Build and test dependencies, all Debian packages (clang and its runtime libraries:
# the sanitizer and fuzzing build of `make asan`; npm for `make assets`; chromium for the
# browser tests of the report and dashboard; OpenMPI for rareflow mc under mpirun).
PKGS := build-essential cmake pkg-config coinor-libclp-dev libyaml-dev libjansson-dev libsqlite3-dev \
        libcmocka-dev valgrind python3-scipy locales clang libclang-rt-dev npm chromium \
        libmicrohttpd-dev curl openmpi-bin libopenmpi-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps assets build run test asan asan-build tsan fuzz fuzz-smoke bench clean

# The sanitizer build is also the fuzzing build: clang, so that libFuzzer is at hand
# (RF_FUZZ builds the harnesses of tests/fuzz in the same tree), and -O1 so that
# fuzzing is not crippled.  Without MPI (RF_MPI=OFF): OpenMPI's runtime leaks at
# MPI_Finalize, in MCA components it has dlclose'd (LeakSanitizer cannot name them, so no
# suppression matches), and every rank under mpirun would exit 1 for it; rareflow's own
# MPI code ran clean under ASan+UBSan with leak detection off (mpirun -n 3).  So the
# sanitizer build checks mc's one-process path and the mpi tests run in build/ only.
ASAN_CONFIG := -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS_DEBUG="-O1 -g" \
               -DRF_SANITIZE=address,undefined -DRF_FUZZ=ON -DRF_MPI=OFF
# make fuzz: seconds per harness, which harnesses, where their corpora are kept
# (from run to run; make clean removes them), extra libFuzzer flags (e.g. -fork=2
# -ignore_crashes=1 to go on after a crash).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= fuzz_scenario fuzz_dataset fuzz_args fuzz_pipeline
FUZZ_CORPUS ?= $(ASAN_BUILD)/fuzz-corpus
FUZZ_FLAGS ?=

all: build

deps:
	@missing=""; \
	for p in $(PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || \
	  dpkg-query -W -f='$${Status}|$${Provides}\n' 2>/dev/null | grep '^install ok installed|' | \
	    grep -qE "(\||, )$$p( |,|$$)" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "make deps: all packages present"; \
	fi

# npm ci only when web/node_modules is older than the lock file: a build stays
# offline once the assets are there.
assets:
	@if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then \
	  if command -v npm >/dev/null; then \
	    echo "make assets: npm ci in web/"; \
	    (cd web && npm ci --no-audit --no-fund --loglevel=error) || exit 1; \
	  else \
	    echo "make assets: npm is missing (make deps installs it): report and serve will say the assets are missing"; \
	  fi; \
	fi

build: assets
	@cmake -S . -B $(BUILD) -DRF_WERROR=$(WERROR) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: deps build
	./$(BUILD)/rareflow run

test: deps build
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure -LE slow
	$(MAKE) asan
	$(MAKE) tsan

asan: asan-build
	cd $(ASAN_BUILD) && ctest -j $(JOBS) --output-on-failure -LE 'slow|mpi' -E valgrind

# Configure and build build-asan/ (a tree configured with another compiler is started afresh).
asan-build:
	@if [ -f $(ASAN_BUILD)/CMakeCache.txt ] && ! grep -q '^CMAKE_C_COMPILER:.*clang' $(ASAN_BUILD)/CMakeCache.txt; then \
	  echo "make asan: $(ASAN_BUILD)/ was configured with another compiler: rebuilding it with clang"; \
	  rm -rf $(ASAN_BUILD); \
	fi
	@cmake -S . -B $(ASAN_BUILD) -DRF_WERROR=$(WERROR) $(ASAN_CONFIG) >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)

# ThreadSanitizer on the threaded Monte Carlo (issue 13): only the rareflow binary is
# built; the database of mc.sh's runs is kept in the tree, not the user's.
tsan:
	@if [ -f $(TSAN_BUILD)/CMakeCache.txt ] && ! grep -q '^CMAKE_C_COMPILER:.*clang' $(TSAN_BUILD)/CMakeCache.txt; then \
	  rm -rf $(TSAN_BUILD); \
	fi
	@cmake -S . -B $(TSAN_BUILD) -DRF_WERROR=$(WERROR) -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_C_FLAGS_DEBUG="-O1 -g" -DRF_SANITIZE=thread >/dev/null
	@cmake --build $(TSAN_BUILD) --target rareflow -j $(JOBS)
	TSAN_OPTIONS=halt_on_error=1 XDG_DATA_HOME=$(CURDIR)/$(TSAN_BUILD)/test-xdg ./$(TSAN_BUILD)/rareflow mc \
	  scenarios/uncertain-2025.yaml --years 2025:2027 --draws 8 --threads 2 --quiet --no-db >/dev/null
	TSAN_OPTIONS=halt_on_error=1 XDG_DATA_HOME=$(CURDIR)/$(TSAN_BUILD)/test-xdg tests/e2e/mc.sh \
	  ./$(TSAN_BUILD)/rareflow $(CURDIR)

fuzz: asan-build
	@failed=""; \
	for t in $(FUZZ_TARGETS); do \
	  bash tests/fuzz/run.sh fuzz $(ASAN_BUILD) $$t $(FUZZ_SECONDS) $(FUZZ_CORPUS)/$$t $(FUZZ_FLAGS) || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then \
	  echo "make fuzz: findings in$$failed (crash files in $(ASAN_BUILD)/tests/fuzz/artifacts/; tests/fuzz/README.md)"; \
	  exit 1; \
	fi

fuzz-smoke: asan-build
	cd $(ASAN_BUILD) && ctest -j $(JOBS) --output-on-failure -L fuzz

bench: build
	@cmake --build $(BUILD) --target bench_baseline -j $(JOBS)
	./$(BUILD)/bench_baseline data 21 $(BUILD)/baseline-2024.mps
	@if /usr/bin/python3 -c 'import scipy' 2>/dev/null && [ -f ../shared/checks/mps_highs.py ]; then \
	  echo "HiGHS (scipy) on the same LP:"; /usr/bin/python3 ../shared/checks/mps_highs.py $(BUILD)/baseline-2024.mps 21; fi
	@cmake --build $(BUILD) --target bench_years -j $(JOBS)
	./$(BUILD)/bench_years data 5
	./$(BUILD)/bench_years data 3 scenarios/us-2025.yaml 2024:2040
	bench/scale_candidates.sh $(BUILD)/bench_years data 2 3
	bench/scale_candidates.sh $(BUILD)/bench_years data 4 3

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD)
