# svodka: a thin front over Meson. `make run` and `make test` are the two
# commands a newcomer needs on a fresh Debian 12 machine (as root); both
# install whatever Debian packages are missing first. See DEVELOPERS.md.

BUILD      ?= build
TESTBUILD  ?= build-test
FUZZBUILD  ?= build-fuzz
VAR        ?= var
DB         ?= $(VAR)/svodka.db
LISTEN     ?= 127.0.0.1:8080
OUT        ?= out
# `make run` serves the demo on a simulated clock that starts at this instant
# (5 March 2022, 12:00 Vladivostok: the Charter 2022 campaign in flight);
# `make run CLOCK=` serves on the real clock. See DEVELOPERS.md.
CLOCK      ?= 2022-03-05T12:00:00+10:00

.PHONY: all run test build build-test unit api browser fuzz check-src bench clean

all: build

build:
	scripts/deps.sh run
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD) --buildtype=release -Db_ndebug=false
	ninja -C $(BUILD)

run: build
	scripts/run.sh $(BUILD)/svodka $(DB) $(LISTEN) "$(CLOCK)"

build-test:
	scripts/deps.sh test
	@test -f $(TESTBUILD)/build.ninja || meson setup $(TESTBUILD) -Dtests=true \
		-Db_sanitize=address,undefined -Db_lundef=false --buildtype=debug -Dfault_injection=true
	@meson configure $(TESTBUILD) -Dtests=true -Dfault_injection=true >/dev/null
	ninja -C $(TESTBUILD)

test: build-test
	scripts/checksrc.sh
	scripts/test-unit.sh $(TESTBUILD)
	scripts/test-api.sh $(TESTBUILD)/svodka $(OUT)
	scripts/test-browser.sh $(TESTBUILD)/svodka $(OUT)
	scripts/test-fuzz.sh $(FUZZBUILD)
	@echo "make test: all passed"

unit: build-test
	scripts/test-unit.sh $(TESTBUILD)

api: build-test
	scripts/test-api.sh $(TESTBUILD)/svodka $(OUT)

browser: build-test
	scripts/test-browser.sh $(TESTBUILD)/svodka $(OUT)

fuzz: build-test
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} scripts/test-fuzz.sh $(FUZZBUILD)

check-src:
	scripts/checksrc.sh

bench: build
	scripts/deps.sh test
	bench/page.sh $(BUILD)/svodka
	bench/contest.sh $(BUILD)/svodka $(BUILD)/bench/sqlite_commit

clean:
	rm -rf $(BUILD) $(TESTBUILD) $(FUZZBUILD) $(OUT)
