"""Run Odoo with tests enabled and print one closing line ``N passed, N failed``.

Usage: python tools/run_tests.py [--fail-on-skip] <odoo-bin arguments...>

Odoo runs in this process, so the totals come from the registry's own test
report (``registry._assertion_report``), not from scraping the log.  The exit
code is non-zero on any failed or erroring test, when the database could not be
initialised, or when no test ran at all (an untested addon is not a pass); with
``--fail-on-skip`` a skipped test fails the run too (the addon's own suite has
no reason to skip: a missing browser or package is a broken set-up).
"""

import sys


def main():
    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    args = sys.argv[1:]
    fail_on_skip = "--fail-on-skip" in args
    args = [a for a in args if a != "--fail-on-skip"]
    sys.argv = ["odoo-bin", *args]
    rc = 0
    try:
        odoo.cli.main()
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else (1 if exc.code else 0)
    db = (config["db_name"] or "").split(",")[0]
    registry = Registry.registries.get(db) if db else None
    report = getattr(registry, "_assertion_report", None)
    if report is None:
        print("0 passed, 1 failed")
        print(
            f"Odoo did not initialise database {db!r} (exit code {rc}); see the log above.",
            file=sys.stderr,
        )
        return 1
    failed = report.failures_count + report.errors_count
    skipped = report.skipped
    # subtest failures count one each, so a test can fail more than once
    passed = max(report.testsRun - failed - skipped, 0)
    if report.testsRun == 0:
        print("No test ran: an addon whose tests did not run in Odoo is untested.", file=sys.stderr)
        rc = rc or 1
    if failed or (fail_on_skip and skipped):
        rc = rc or 1
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line, flush=True)
    return rc


if __name__ == "__main__":
    sys.exit(main())
