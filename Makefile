# key_account_mgmt — the two commands: `make demo` and `make test`.
# Everything is installed idempotently by tools/setup.sh into $(KAM_HOME), which
# persists for later runs and for CI from a clean clone.
SHELL := /bin/bash
KAM_HOME ?= $(HOME)/.local/share/key_account_mgmt
ODOO_VENV ?= $(HOME)/.local/share/key_account_mgmt/venv
ADDON := key_account_mgmt
ADDONS_PATH = $(CURDIR),$$(dirname $$($$PY -c 'import odoo, os; print(os.path.dirname(odoo.__file__))'))/odoo/addons
DEMO_DB ?= kam_demo
DEMO_PORT ?= 8069
TEST_PORT ?= 8169
CORE_PORT ?= 8269
DATA_DIR = $(KAM_HOME)/data
SETUP = PY=$$(KAM_HOME=$(KAM_HOME) bash tools/setup.sh | tail -n 1) && [ -n "$$PY" ]
ODOO_ARGS = --addons-path=$(ADDONS_PATH) --data-dir=$(DATA_DIR) --db_host= --log-level=info

.PHONY: setup demo test test-core lint pot

setup:
	@$(SETUP) && echo "Odoo ready: $$PY"

# Install on the first run; update on later runs.  The choice follows the addon's
# state in the database, not the database's existence, so a first run that was
# interrupted during the install is completed (not silently served without the addon).
demo:
	@$(SETUP) || exit 1; \
	state=$$(psql -d $(DEMO_DB) -tAc "SELECT state FROM ir_module_module WHERE name = '$(ADDON)'" 2>/dev/null); \
	case "$$state" in installed|"to upgrade") mode=-u verb=updating;; *) mode=-i verb=installing;; esac; \
	echo "== $$verb $(ADDON) with demo data in database $(DEMO_DB) ($$mode)"; \
	$$PY -m odoo $(ODOO_ARGS) -d $(DEMO_DB) $$mode $(ADDON) --stop-after-init && \
	echo "== Odoo serves $(DEMO_DB) on http://localhost:$(DEMO_PORT) — log in as admin / admin (Ctrl-C stops)" && \
	exec $$PY -m odoo $(ODOO_ARGS) -d $(DEMO_DB) --db-filter='^$(DEMO_DB)$$' \
	    --http-interface=127.0.0.1 --http-port=$(DEMO_PORT)

# A fresh database, the addon installed with tests enabled (at_install and
# post_install), then two real transactions deciding one approval step on a copy
# of it (tools/check_concurrent_decisions.py), then the upgrade of a database of the
# released version with records in every state (tools/check_upgrade.py); each adds
# its counts to the suite's; the databases dropped, one closing line "N passed, N failed".
test:
	@$(SETUP) && db=kam_test_$$$$ && \
	trap "dropdb --if-exists $$db >/dev/null 2>&1" EXIT && \
	{ suite=$$($$PY tools/run_tests.py --fail-on-skip $(ODOO_ARGS) -d $$db -i $(ADDON) --test-enable \
	    --test-tags=/$(ADDON) --http-port=$(TEST_PORT) --stop-after-init); rc=$$?; \
	  both=$$($$PY tools/check_concurrent_decisions.py --totals "$$suite" $(ODOO_ARGS) -d $$db) || rc=1; \
	  $$PY tools/check_upgrade.py --totals "$$both" $(ODOO_ARGS) -d $$db || rc=1; \
	  exit $$rc; }

# Odoo's own suites with the addon installed: a regression is a test passing
# without the addon and failing with it.
# The suites of the addon's dependencies that run in this mode (-u on an installed
# database). Two classes of portal and survey create a company in their setUpClass while
# account is not loaded yet in the update ("fiscalyear_last_day" null): they fail so
# with or without the addon, and are left out (CORE_EXCLUDE); their other tests run.
CORE_MODULES ?= sale,sale_stock,sale_management,stock,spreadsheet_dashboard,rating,resource,sale_loyalty,portal,survey
CORE_EXCLUDE ?= -/portal:TestPortalWizard,-/survey:TestSurveyInvite
test-core:
	@$(SETUP) && db=kam_core_$$$$ && \
	trap "dropdb --if-exists $$db >/dev/null 2>&1" EXIT && \
	$$PY -m odoo $(ODOO_ARGS) -d $$db -i $(ADDON),$(CORE_MODULES) --stop-after-init --log-level=warn && \
	$$PY tools/run_tests.py $(ODOO_ARGS) -d $$db -u $(CORE_MODULES) --test-enable \
	    --test-tags=$$(echo $(CORE_MODULES) | sed 's#\([a-z_]*\)#/\1#g'),$(CORE_EXCLUDE) \
	    --http-port=$(CORE_PORT) --stop-after-init

# ruff, ruff-format and pylint-odoo (OCA mandatory checks) through pre-commit,
# installed into $(KAM_HOME)/lint on first use.
lint:
	@[ -x $(KAM_HOME)/lint/bin/pre-commit ] || { python3 -m venv $(KAM_HOME)/lint && \
	    $(KAM_HOME)/lint/bin/pip install -q pre-commit; }
	@$(KAM_HOME)/lint/bin/pre-commit run --all-files --show-diff-on-failure

pot:
	@$(SETUP) && db=kam_pot_$$$$ && trap "dropdb --if-exists $$db >/dev/null 2>&1" EXIT && \
	$$PY -m odoo $(ODOO_ARGS) -d $$db -i $(ADDON) --without-demo=all --stop-after-init --log-level=warn && \
	$$PY -m odoo $(ODOO_ARGS) -d $$db --i18n-export=$(ADDON)/i18n/$(ADDON).pot --modules=$(ADDON) --stop-after-init --log-level=warn

# Approval-chain benchmark (bench/README.md): two databases kam_bench*, 200 + 50 orders.
# A quick run: make bench-approval BENCH_ARGS="--n10 20 --n100 5 --reuse"
BENCH_ARGS ?=
.PHONY: bench-approval
bench-approval:
	@$(SETUP) && $$PY bench/approval $(BENCH_ARGS)

# Batch-job benchmark (bench/README.md): the tacit-acceptance and quarterly-review
# scheduled actions at full size and one tenth, in database kam_bench_crons.
# A quick run: make bench-crons BENCH_CRONS_ARGS="--scale 0.1 --reuse"
BENCH_CRONS_ARGS ?=
.PHONY: bench-crons
bench-crons:
	@$(SETUP) && $$PY bench/crons $(BENCH_CRONS_ARGS)

# KPI benchmark (bench/README.md): 200 managers, 20,000 key accounts, 1,000,000 invoice
# lines over 8 quarters in database kam_bench_kpi; one quarter's KPIs vs raw SQL, and the
# scorecard snapshot job when merged. A quick run: make bench-kpi BENCH_KPI_ARGS="--scale 0.01"
BENCH_KPI_ARGS ?=
.PHONY: bench-kpi
bench-kpi:
	@$(SETUP) && $$PY bench/kpi $(BENCH_KPI_ARGS)
