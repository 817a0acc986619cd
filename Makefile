# tiltak — build, run, test, fuzz and benchmark.
#
#   make run     install what is missing, build, create var/tiltak.db with
#                the source plans if it does not exist, serve on :8080
#   make test    install what is missing, build with -Werror and ASan+UBSan,
#                run every test; ends with "N passed, N failed"
#   make test-browser  only the browser tests (tests/browser/: Chromium,
#                axe-core, keyboard walks; screenshots in build/browser-artifacts/)
#   make bench   benchmark against nginx serving the same bytes, and 50
#                reporters saving their yearly report at once
#   make fuzz    run each libFuzzer target for FUZZ_SECONDS

CC       ?= cc
PKGS     := libmicrohttpd sqlite3 libpq jansson libcmark libutf8proc libsodium zlib \
            cairo pangocairo
CSTD     := -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 \
            -Wno-format-nonliteral -Wmissing-prototypes -Wmissing-declarations \
            -Wpointer-arith -Wcast-qual
# Every object lists the headers it includes (build/**/*.d), so a changed
# header rebuilds exactly the objects that depend on it.
DEPFLAGS := -MMD -MP
LOCALEDIR ?= $(CURDIR)/build/locale
DEFS     := -DTILTAK_LOCALEDIR='"$(LOCALEDIR)"'
INC      := -Isrc -Ibuild/gen
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

# Release build (make run, make bench).
OPT      ?= -O2 -g
CFLAGS_R  = $(CSTD) $(WARN) $(OPT) $(DEFS) $(INC) $(PKG_CFLAGS)
# Test build: sanitizers, frame pointers for readable reports.
SAN      := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
            -fno-omit-frame-pointer
# TILTAK_TEST_BUILD: passwords hashed at libsodium's minimum cost (auth.h).
CFLAGS_T  = $(CSTD) $(WARN) -O1 -g $(SAN) -DTILTAK_TEST_BUILD $(DEFS) $(INC) $(PKG_CFLAGS)

SRC      := $(shell find src -name '*.c' | sort)
LIB_SRC  := $(filter-out src/main.c,$(SRC))
STATIC   := $(sort $(wildcard static/*))
GEN      := build/gen/static_files.c

OBJ_R    := $(LIB_SRC:src/%.c=build/rel/%.o) build/rel/gen/static_files.o
OBJ_T    := $(LIB_SRC:src/%.c=build/test/%.o) build/test/gen/static_files.o

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/test/unit/%)
# Linked into every unit test: the test database on either backend, the
# store tests' set-up and the importers' helpers (storetest.o calls the
# store, so it is not in INTEG_LIB: the integration tests do not link the
# store).
UNIT_LIB := build/test/common/testdb.o build/test/common/storetest.o \
            build/test/common/testjson.o
# Integration tests: one program per tests/integration/test_*.c, each
# linked with the shared harness and HTTP client.
INTEG_SRC := $(sort $(wildcard tests/integration/test_*.c))
INTEG_BIN := $(INTEG_SRC:tests/integration/%.c=build/test/integration/%)
INTEG_LIB := build/test/integration/harness.o build/test/integration/http_client.o \
             build/test/integration/signin.o \
             build/test/common/testdb.o

PO       := $(wildcard po/*.po)
MO       := $(PO:po/%.po=build/locale/%/LC_MESSAGES/tiltak.mo)

# Compilers at once in make run and make test (one a core).
JOBS     ?= $(shell nproc 2>/dev/null || echo 1)

DB       ?= var/tiltak.db
PLANS    := $(sort $(wildcard data/plans/*.json))
# The help directory's services files, imported after the plans (they
# name the organisations and units the plans bring).
SERVICES := $(sort $(wildcard data/services/*.json))
# The action cards, imported with them (they link units and services).
CARDS    := $(sort $(wildcard data/cards/*.json))

.PHONY: all deps run test test-browser bench bench-help bench-overview bench-report bench-scale fuzz clean pot po-update leakcheck

all: build/tiltak $(MO)

deps:
	@scripts/install-deps.sh

# --- release ---
build/tiltak: $(OBJ_R) build/rel/main.o
	@echo "  LD      $@"
	@$(CC) $(OPT) -o $@ $^ $(PKG_LIBS)

build/rel/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_R) $(DEPFLAGS) -c -o $@ $<

build/rel/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_R) -c -o $@ $<

# Static files (CSS) compiled into the binary: one binary serves all.
$(GEN): $(STATIC) scripts/embed-static.sh
	@mkdir -p $(dir $@)
	scripts/embed-static.sh $(STATIC) > $@.tmp && mv $@.tmp $@

# --- translations ---
build/locale/%/LC_MESSAGES/tiltak.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 --package-name=tiltak \
		--msgid-bugs-address= -o po/tiltak.pot $(SRC)

# --- run ---
run: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@if [ ! -f $(DB) ]; then \
		echo "creating $(DB) with $(PLANS) $(SERVICES) $(CARDS)"; \
		build/tiltak import --db $(DB) $(PLANS) $(SERVICES) $(CARDS) || { rm -f $(DB); exit 1; }; \
	fi
	@echo "To sign in at http://127.0.0.1:8080/login, make the first administrator"
	@echo "(it asks for a password, or reads one line from standard input):"
	@echo "  build/tiltak user add --db $(DB) --role admin YOU@EXAMPLE.NO"
	build/tiltak serve --db $(DB) --listen 127.0.0.1:8080 --public-url http://127.0.0.1:8080

# --- test ---
build/test/tiltak: $(OBJ_T) build/test/main.o
	@echo "  LD(san) $@"
	@$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)

build/test/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC(san) $<"
	@$(CC) $(CFLAGS_T) $(DEPFLAGS) -c -o $@ $<

build/test/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC(san) $<"
	@$(CC) $(CFLAGS_T) -c -o $@ $<

build/test/unit/%: tests/unit/%.c $(OBJ_T) $(UNIT_LIB)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	@$(CC) $(CFLAGS_T) $(DEPFLAGS) -Itests -o $@ $< $(OBJ_T) $(UNIT_LIB) \
		$(PKG_LIBS) -lcmocka

build/test/common/%.o: tests/common/%.c
	@mkdir -p $(dir $@)
	@echo "  CC(san) $<"
	@$(CC) $(CFLAGS_T) $(DEPFLAGS) -Itests -c -o $@ $<

build/test/integration/%.o: tests/integration/%.c
	@mkdir -p $(dir $@)
	@echo "  CC(san) $<"
	@$(CC) $(CFLAGS_T) $(DEPFLAGS) -Itests -c -o $@ $<

build/test/integration/test_%: build/test/integration/test_%.o $(INTEG_LIB)
	@echo "  TEST    $@"
	@$(CC) $(SAN) -o $@ $^ $(PKG_LIBS) -lcmocka

# build/tiltak too: test_import runs the release binary under an
# address-space limit, which ASan's reservations would defeat.
test: deps
	@$(MAKE) --no-print-directory -j$(JOBS) build/test/tiltak build/tiltak $(UNIT_BIN) $(INTEG_BIN) $(MO) build/gen-plans
	@tests/run.sh build/test/tiltak $(UNIT_BIN) $(INTEG_BIN) tests/po_complete.sh \
		tests/headers_in_one_place.sh tests/browser/run.sh

# The browser tests alone: every page at 1280 and 360 px through axe-core,
# the keyboard walks; screenshots in build/browser-artifacts/.
test-browser: deps
	@$(MAKE) --no-print-directory build/test/tiltak $(MO)
	@tests/browser/run.sh build/test/tiltak

# Valgrind's leak checker over the integration tests, on the release
# binary (sanitizers and valgrind do not mix).
leakcheck: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all $(INTEG_BIN)
	@for t in $(INTEG_BIN); do TILTAK_VALGRIND=1 TILTAK_BIN=build/tiltak $$t || exit 1; done

# --- fuzz ---
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,build/fuzz/fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAGS := $(CSTD) -g -O1 -fsanitize=fuzzer,address,undefined $(DEFS) $(INC) $(PKG_CFLAGS)

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(GEN)
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) $(GEN) $(PKG_LIBS)

fuzz:
	@scripts/install-deps.sh fuzz
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# --- the scale benchmark's plan generator ---
build/gen-plans: scripts/gen-plans.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CSTD) $(WARN) -O2 -o $@ $< $(shell pkg-config --cflags --libs jansson)

# --- bench ---
bench-scale: deps
	@scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory -j$(JOBS) all build/gen-plans
	@scripts/bench-scale.sh

bench: deps
	@scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@scripts/bench.sh
	@scripts/bench-login.sh
	@scripts/bench-overview.sh
	@scripts/bench-report.sh
	@scripts/bench-help.sh

# The public help page against nginx serving its bytes (PAGE=/path to
# measure another public page).
bench-help: deps
	@scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@scripts/bench-help.sh $(PAGE)

# The coordinator's overview alone: four years of history, both backends.
bench-overview: deps
	@scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@scripts/bench-overview.sh

# The yearly report alone: 50 reporters saving at once, both backends.
bench-report: deps
	@scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@scripts/bench-report.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)

# Refresh the template and merge new messages into every catalog.
# Bokmål translates every message (po/tiltak.pot); every other catalog
# the messages of the public pages, from the files po/public-sources.txt
# lists (build/public.pot). tests/po_complete.sh checks both.
PUBLIC_SRC = $(shell grep -v '^\#' po/public-sources.txt)
build/public.pot: po/public-sources.txt $(PUBLIC_SRC)
	@mkdir -p build
	xgettext --from-code=UTF-8 -k_ -kN_ -kP_:1,2 --package-name=tiltak \
		--msgid-bugs-address= -o $@ $(PUBLIC_SRC)

po-update: pot build/public.pot
	msgmerge --quiet --update --backup=none po/nb.po po/tiltak.pot
	for po in $(filter-out po/nb.po,$(PO)); do \
		msgmerge --quiet --update --backup=none $$po build/public.pot; done
