# The desktop app (src-tauri/ + ui/) and its end-to-end suite (tests/e2e/).
#
#   make run        install what is missing, build the UI and the app, open the window
#   make test-ui    type-check the UI and run its unit tests (Vitest)
#   make test-e2e   drive the real app window (WebdriverIO + tauri-driver + WebKitWebDriver, Xvfb)
#
# APP_CARGO_TARGET_DIR lets a developer build the app in its own target directory
# (e.g. `make run APP_CARGO_TARGET_DIR=target-app`); CI leaves it empty (the normal `target/`).

APP_CARGO_TARGET_DIR ?=
APP_TARGET_DIR := $(if $(APP_CARGO_TARGET_DIR),$(APP_CARGO_TARGET_DIR),target)
APP_CARGO := $(if $(APP_CARGO_TARGET_DIR),CARGO_TARGET_DIR=$(abspath $(APP_CARGO_TARGET_DIR)) ,)$(CARGO)
APP_BIN := $(abspath $(APP_TARGET_DIR))/debug/callflow-studio
APP_RELEASE_BIN := $(abspath $(APP_TARGET_DIR))/release/callflow-studio
TAURI_DRIVER_VERSION := 2.1.0
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

# Debian packages: WebKitGTK and friends for Tauri; the WebDriver, Xvfb and dbus for e2e.
APP_APT_PACKAGES := libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev \
	libayatana-appindicator3-dev librsvg2-dev webkit2gtk-driver xvfb xauth dbus
XVFB_RUN := xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- env NO_AT_BRIDGE=1

.PHONY: deps-app deps-app-system deps-app-node deps-app-npm deps-app-driver ui app app-release \
	run test-ui test-e2e bindings-app bench-app

DEPS_TARGETS += deps-app
TEST_TARGETS += test-ui test-e2e
BENCH_TARGETS += bench-app

## deps-app: system packages, Node packages and tauri-driver, each only when missing.
deps-app: deps-app-system deps-app-node deps-app-npm deps-app-driver

deps-app-system:
	@missing=""; for p in $(APP_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

deps-app-node:
	@command -v node >/dev/null && command -v npm >/dev/null || { \
		echo "installing Node.js from Debian (the UI needs Node >= 20.19)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node "+process.versions.node+" is too old: the UI build needs Node >= 20.19"); process.exit(1) }'

deps-app-npm: ui/node_modules/.installed tests/e2e/node_modules/.installed

# `npm ci` installs exactly the lock file. npm 11 has written lock files without the other
# platforms' optional packages (rollup, esbuild), which `npm ci` rejects; `npm install` from the
# same lock file works, so it is the fallback (commit the lock file it rewrites). Both run
# `postinstall`, which applies ui/patches/ (patch-package) and fails when a patch does not apply.
ui/node_modules/.installed: ui/package.json ui/package-lock.json $(wildcard ui/patches/*.patch)
	cd ui && (npm ci --no-audit --no-fund || npm install --no-audit --no-fund)
	@touch $@

tests/e2e/node_modules/.installed: tests/e2e/package.json tests/e2e/package-lock.json
	cd tests/e2e && (npm ci --no-audit --no-fund || npm install --no-audit --no-fund)
	@touch $@

deps-app-driver:
	@command -v tauri-driver >/dev/null || $(CARGO) install --locked tauri-driver@$(TAURI_DRIVER_VERSION)

## ui: the production build of the UI into ui/dist (embedded into the app).
ui: deps-app-node deps-app-npm
	cd ui && npm run --silent build

## app / app-release: the desktop app with the UI embedded (each installs the WebKitGTK
## headers it compiles against when they are missing, so either works on a fresh machine).
app: deps-app-system ui
	$(APP_CARGO) build --locked -p callflow-app --features custom-protocol

app-release: deps-app-system ui
	$(APP_CARGO) build --locked --release -p callflow-app --features custom-protocol

## run: opens Callflow Studio (under Xvfb when there is no display).
run: deps-app app
	@if [ -n "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
		exec "$(APP_BIN)"; \
	else \
		echo "no DISPLAY: starting the app on a virtual display (Xvfb)"; \
		exec $(XVFB_RUN) "$(APP_BIN)"; \
	fi

## test-ui: type check and unit tests of the UI.
test-ui: deps-app-npm
	$(CARGO) run --quiet --locked -p callflow-cli -- catalog --format json > ui/src/test/catalog.generated.json
	WORDING_SAMPLES=$(CURDIR)/ui/src/test/findings.generated.json $(CARGO) test --quiet --locked -p callflow-check --test props every_finding_is_worded
	DECISION_SAMPLES=$(CURDIR)/ui/src/test/decisions.generated.json $(CARGO) test --quiet --locked -p callflow-engine --test decisions
	NOTE_SAMPLES=$(CURDIR)/ui/src/test/notes.generated.json $(CARGO) test --quiet --locked -p callflow-store --test notes
	STORE_ERROR_SAMPLES=$(CURDIR)/ui/src/test/storeerrors.generated.json $(CARGO) test --quiet --locked -p callflow-store --test error_reports
	cd ui && npx --no-install tsc --noEmit
	cd ui && npx --no-install vitest run

## test-e2e: the end-to-end suite against the real app window; screenshots in tests/e2e/artifacts/.
## E2E_SPEC=specs/x.e2e.js runs one spec file. tauri-driver listens on one port, so runs are
## serialised through a lock file (two checkouts on one machine wait for each other); -o keeps a
## leftover child (an Xvfb) from holding the lock.
E2E_SPEC ?=
E2E_LOCK ?= /tmp/callflow-e2e.lock
test-e2e: deps-app app
	cd tests/e2e && CALLFLOW_APP_BIN="$(APP_BIN)" flock -o $(E2E_LOCK) $(XVFB_RUN) npx --no-install wdio run ./wdio.conf.js $(if $(E2E_SPEC),--spec $(E2E_SPEC),)
# The same window under a dark desktop theme: a session of its own, since the theme is the app
# process's environment.
	$(if $(E2E_SPEC),,cd tests/e2e && GTK_THEME=Adwaita:dark CALLFLOW_APP_BIN="$(APP_BIN)" flock -o $(E2E_LOCK) $(XVFB_RUN) npx --no-install wdio run ./wdio.conf.js --spec ./specs-dark/dark.e2e.js)

## bindings-app: regenerate ui/src/gen/ (the app's own IPC types).
bindings-app:
	UPDATE_BINDINGS=1 $(APP_CARGO) test --locked -p callflow-app --lib bindings

## bench-app: the app's budgets (see BENCHMARKS.md, "App").
BENCH_SYNTH_DIR := $(abspath tests/e2e/artifacts/synth)
bench-app: deps-app app-release
	mkdir -p "$(BENCH_SYNTH_DIR)"
	$(APP_CARGO) build --locked --release -p callflow-model --example synth
	for n in 1000 5000; do "$(abspath $(APP_TARGET_DIR))/release/examples/synth" $$n > "$(BENCH_SYNTH_DIR)/synthetic-$$n.callflow.json"; done
	@ls -l "$(APP_RELEASE_BIN)" | awk '{ printf "release binary: %.1f MB\n", $$5 / 1000000 }'
	cd tests/e2e && CALLFLOW_TIMINGS=1 CALLFLOW_APP_BIN="$(APP_RELEASE_BIN)" CALLFLOW_SYNTH_DIR="$(BENCH_SYNTH_DIR)" $(XVFB_RUN) npx --no-install wdio run ./wdio.bench.conf.js
