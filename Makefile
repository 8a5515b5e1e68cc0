# rareflow: the two set-up commands are `make run` and `make test`.
#
#   make deps    install the missing Debian packages (only those dpkg-query says are missing)
#   make build   configure and build into build/ (never installs anything)
#   make run     deps + build + run the built-in baseline scenario
#   make test    deps + build + the whole test suite, then the unit tests again under
#                AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)
#   make asan    only the sanitizer build and its unit tests
#   make bench   the baseline benchmark (bench/README.md)
#   make clean   remove the build folders

SHELL := /bin/bash
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
BUILD ?= build
ASAN_BUILD ?= build-asan
# CI builds with -Werror; a developer's build only warns.
WERROR := $(if $(CI),ON,OFF)

# Build and test dependencies, all Debian packages.
PKGS := build-essential cmake pkg-config coinor-libclp-dev libyaml-dev libjansson-dev \
        libcmocka-dev valgrind python3-scipy locales

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build run test asan bench clean

all: build

deps:
	@missing=""; \
	for p in $(PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	else \
	  echo "make deps: all packages present"; \
	fi

build:
	@cmake -S . -B $(BUILD) -DRF_WERROR=$(WERROR) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: deps build
	./$(BUILD)/rareflow run

test: deps build
	cd $(BUILD) && ctest -j $(JOBS) --output-on-failure -LE slow
	$(MAKE) asan

asan:
	@cmake -S . -B $(ASAN_BUILD) -DRF_WERROR=$(WERROR) -DRF_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest -j $(JOBS) --output-on-failure -LE slow -E valgrind

bench: build
	@cmake --build $(BUILD) --target bench_baseline -j $(JOBS)
	./$(BUILD)/bench_baseline data 21 $(BUILD)/baseline-2024.mps
	@if /usr/bin/python3 -c 'import scipy' 2>/dev/null && [ -f ../shared/checks/mps_highs.py ]; then \
	  echo "HiGHS (scipy) on the same LP:"; /usr/bin/python3 ../shared/checks/mps_highs.py $(BUILD)/baseline-2024.mps 21; fi

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
