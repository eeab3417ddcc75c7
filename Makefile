# loa — GNU Make build. `make deps` installs Debian packages, `make` builds
# build/loa, `make check` runs every test, `make demo` builds the demo district.
PKGS    := espeak-ng sndfile lame libconfig soxr libebur128 libutf8proc hunspell libcrypto \
           libcurl libmicrohttpd sqlite3 libargon2
PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/loa
UNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -pthread $(WARN) -Iinclude -Isrc $(PKG_CFLAGS) \
              -DLOA_DATADIR='"$(DATADIR)/voices"' $(CFLAGS)
LDLIBS  += $(PKG_LIBS) -lm -pthread

ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS    += -fsanitize=address,undefined
B       := build/san
else
B       := build
endif

LIB_SRC := $(wildcard src/*.c)
CLI_SRC := $(wildcard src/cli/*.c)
# The web desk's pages' assets (web/*), embedded as C arrays at build time.
WEB_SRC := $(sort $(wildcard web/*.js web/*.css web/*.svg web/*.txt))
LIB_OBJ := $(patsubst %.c,$(B)/%.o,$(LIB_SRC)) $(B)/gen/web_assets.o
CLI_OBJ := $(patsubst %.c,$(B)/%.o,$(CLI_SRC))
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
HEADERS := $(wildcard include/loa/*.h)

all: $(B)/loa

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/gen/web_assets.c: $(WEB_SRC) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh $@ $(WEB_SRC)

$(B)/gen/web_assets.o: $(B)/gen/web_assets.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# Made afresh: `ar r` only adds and replaces, so an object whose source was
# renamed or removed would stay in the archive and clash at link time.
$(B)/libloa.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/loa: $(CLI_OBJ) $(B)/libloa.a
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(B)/tests/%: tests/unit/%.c tests/test.h $(B)/libloa.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests $< $(B)/libloa.a $(LDFLAGS) $(LDLIBS) -o $@

# It includes the fuzz harnesses themselves.
$(B)/tests/test_fuzz_regress: $(wildcard tests/fuzz/fuzz_*.c)

# Every public header must compile on its own, strictly.
$(B)/hdr/%.ok: include/loa/%.h
	@mkdir -p $(@D)
	printf '#include "loa/%s.h"\nint loa_hdr_%s;\n' $* $* | \
	  $(CC) -std=c11 -pedantic -Werror -Wall -Wextra -Iinclude -x c -c - -o /dev/null
	@touch $@

headers: $(patsubst include/loa/%.h,$(B)/hdr/%.ok,$(HEADERS))

check: $(B)/loa $(UNIT_BIN) headers
	@LOA=$(B)/loa BUILD=$(B) VALGRIND="$(VALGRIND)" sh tests/run.sh

# The real stack (Icecast2 + Liquidsoap on loopback, faked clock, the stream
# recorded and measured; a week's station.liq run by hand): about 5.5 minutes
# of real time, so not in `check`.
check-air: $(B)/loa
	@LOA=$(B)/loa BUILD=$(B) sh tests/air/run.sh

deps:
	sh scripts/deps.sh
	npm ci --no-audit --no-fund

# The browser tests' npm packages (package.json, package-lock.json).
node_modules/playwright-core/package.json: package.json package-lock.json
	npm ci --no-audit --no-fund

# libFuzzer harnesses (clang): libloa rebuilt with coverage + ASan/UBSan in
# build/fuzz/, one program per tests/fuzz/fuzz_*.c. `make fuzz-run` runs each
# for FUZZ_SECONDS on its seed corpus tests/fuzz/corpus-<name>/ (new inputs go
# to build/fuzz/corpus-<name>/; crashes to build/fuzz/crash-<name>-*).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS  := -std=c11 -D_DEFAULT_SOURCE -pthread $(WARN) -Iinclude -Isrc $(PKG_CFLAGS) -O1 -g \
                -DLOA_DATADIR='"$(DATADIR)/voices"' $(FUZZ_FLAGS) \
                -DLOA_FUZZ_VOICES='"$(CURDIR)/voices"' -DLOA_FUZZ_EXAMPLES='"$(CURDIR)/examples"'
FUZZ_SRC     := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(FUZZ_SRC))
FUZZ_BIN     := $(patsubst %,build/fuzz/fuzz_%,$(FUZZ_NAMES))
FUZZ_OBJ     := $(patsubst %.c,build/fuzz/%.o,$(LIB_SRC))

build/fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

build/fuzz/libloa.a: $(FUZZ_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libloa.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $< build/fuzz/libloa.a $(LDLIBS) -o $@

fuzz: $(FUZZ_BIN)

fuzz-run: fuzz
	sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_NAMES)

demo: $(B)/loa
	sh scripts/demo.sh $(B)/loa

$(B)/bench-floor: tests/bench/floor.c $(B)/libloa.a
	$(CC) $(ALL_CFLAGS) $< $(B)/libloa.a $(LDFLAGS) $(LDLIBS) -o $@

bench: $(B)/loa $(B)/bench-floor
	sh scripts/bench.sh $(B)
	LOA=$(B)/loa BUILD=$(B) LOA_BENCH=1 sh tests/cli/serve_load.sh

install: $(B)/loa
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/voices $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(B)/loa $(DESTDIR)$(PREFIX)/bin/loa
	cp -R voices/. $(DESTDIR)$(DATADIR)/voices/
	install -m 644 src/cli/loa.1 $(DESTDIR)$(PREFIX)/share/man/man1/loa.1
	install -m 755 scripts/weekly.sh $(DESTDIR)$(DATADIR)/weekly.sh
	install -d $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR)
	for u in loa-air@.service loa-pull@.service loa-serve.service; do \
	  sed 's|@BINDIR@|$(PREFIX)/bin|g' scripts/systemd/$$u >$(DESTDIR)$(UNITDIR)/$$u && \
	  chmod 644 $(DESTDIR)$(UNITDIR)/$$u || exit 1; done
	install -m 644 scripts/systemd/loa.sysusers $(DESTDIR)$(SYSUSERSDIR)/loa.conf
	@# On the machine itself (no DESTDIR, as root): the user 'loa' and its folder.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" -eq 0 ]; then \
	  if ! id loa >/dev/null 2>&1; then \
	    if command -v systemd-sysusers >/dev/null 2>&1; then \
	      systemd-sysusers $(SYSUSERSDIR)/loa.conf; \
	    else useradd --system --home-dir /var/lib/loa --shell /usr/sbin/nologin \
	      --groups audio loa; fi; fi; \
	  install -d -o loa -g loa /var/lib/loa /var/lib/loa/air; \
	  if command -v systemctl >/dev/null 2>&1; then systemctl daemon-reload 2>/dev/null || true; fi; \
	fi

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/loa $(DESTDIR)$(PREFIX)/share/man/man1/loa.1
	rm -f $(DESTDIR)$(UNITDIR)/loa-air@.service $(DESTDIR)$(UNITDIR)/loa-pull@.service \
	  $(DESTDIR)$(UNITDIR)/loa-serve.service
	rm -f $(DESTDIR)$(SYSUSERSDIR)/loa.conf
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(wildcard build/fuzz/src/*.d)
.PHONY: all check check-air deps demo bench install uninstall clean headers fuzz fuzz-run
.DELETE_ON_ERROR:
