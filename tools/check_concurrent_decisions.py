"""Two real transactions decide one approval step at once, on committed data (issue 9).

Usage: python tools/check_concurrent_decisions.py [--totals "N passed, N failed"]
       <odoo-bin arguments: --addons-path, --data-dir, --db_host, -d DATABASE>

Odoo's test cursors share one transaction, so they cannot show what two users
deciding the same step at the same moment get.  This script copies DATABASE (the
addon installed) to a scratch database, commits its own key account, users and
orders there, and then, with two real connections:

* while one transaction holds the step (its decision not committed yet), the other
  decides: it gets the clean "being decided by someone else" UserError and its
  transaction stays usable;
* the winner commits after the loser's snapshot: the loser is refused cleanly too;
* the loser's request retried as Odoo retries it (``odoo.service.model.retrying``,
  a fresh transaction) sees the step decided and is told by whom;

and each time exactly one decision is recorded (one decided step, one chatter
line).  The scratch database is dropped at the end.  The closing line is
``N passed, N failed``; with ``--totals`` (the Odoo suite's closing line) it adds
its own counts to those, so that one totals line stays last.  Exit code 1 on any
failure.
"""

import base64
import os
import re
import shutil
import sys
import traceback


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"ok   {name}", file=sys.stderr)
        else:
            self.failed += 1
            print(f"FAIL {name}{': ' + detail if detail else ''}", file=sys.stderr)


def print_totals(checker, totals=None):
    """Print ``N passed, N failed``: the checker's counts, added to those of ``totals``
    (the closing line of the run before, whose other lines are printed first)."""
    passed, failed, extra = checker.passed, checker.failed, ""
    if totals is not None:
        lines = totals.strip().splitlines()
        for line in lines[:-1]:
            print(line)
        match = re.fullmatch(
            r"(\d+) passed, (\d+) failed(, (\d+) skipped)?", lines[-1] if lines else ""
        )
        if match:
            passed += int(match[1])
            failed += int(match[2])
            extra = f", {match[4]} skipped" if match[4] else ""
        else:
            failed += 1  # the run before gave no totals line: it did not run
    print(f"{passed} passed, {failed} failed{extra}", flush=True)


def _setup(odoo, db):
    """Commit users, a key account and the orders to decide; return their ids."""
    from odoo import Command

    with odoo.sql_db.db_connect(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        ref = env.ref

        def user(login, group):
            return env["res.users"].create(
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "groups_id": [Command.set([ref("base.group_user").id, ref(group).id])],
                }
            )

        salesman = user("cc_salesman", "key_account_mgmt.group_kam_specialist")
        manager = user("cc_manager", "key_account_mgmt.group_kam_manager")
        office = user("cc_office", "key_account_mgmt.group_office_manager")
        dept_a = user("cc_dept_a", "key_account_mgmt.group_kam_department")
        dept_b = user("cc_dept_b", "key_account_mgmt.group_kam_department")
        team = env["crm.team"].create(
            {
                "name": "Concurrency Office",
                "user_id": office.id,
                "member_ids": [Command.link(manager.id)],
            }
        )
        partner = env["res.partner"].create({"name": "Concurrency Customer", "is_company": True})
        app = (
            env["key.account.application"]
            .with_user(manager)
            .create(
                {
                    "partner_id": partner.id,
                    "requested_tier_id": ref("key_account_mgmt.key_account_tier_b").id,
                    "account_manager_id": salesman.id,
                    "team_id": team.id,
                    "has_signed_contract": True,
                    "ties_up_funds": True,
                    "good_credit_standing": True,
                }
            )
        )
        for doc in app.sudo().document_ids:
            doc.attachment_ids = [
                Command.create(
                    {"name": "document.pdf", "datas": base64.b64encode(b"%PDF-1.4 test")}
                )
            ]
        app.with_user(manager).action_submit()
        app.with_user(dept_a).action_approval_approve()
        assert partner.is_key_account, "the customer did not become a key account"
        product = env["product.product"].create(
            {"name": "Concurrency Cement", "type": "consu", "list_price": 100, "taxes_id": False}
        )
        orders = env["sale.order"]
        for _ in range(3):
            order = (
                env["sale.order"]
                .with_user(salesman)
                .create(
                    {
                        "partner_id": partner.id,
                        "user_id": salesman.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "product_uom_qty": 1,
                                    "price_unit": 150_000,
                                    "tax_id": False,
                                }
                            )
                        ],
                    }
                )
            )
            order.with_user(salesman).action_approval_request()
            orders |= order
        return dept_a.id, dept_b.id, orders.ids


_ENVS = []  # a transaction flushes only the environments still alive: keep them


def _decide(odoo, cr, uid, order_id):
    env = odoo.api.Environment(cr, uid, {})
    _ENVS.append(env)
    return env["sale.order"].browse(order_id).action_approval_approve()


def _attempt(odoo, cr, uid, order_id):
    """Decide; return the exception raised (None on success)."""
    try:
        _decide(odoo, cr, uid, order_id)
    except Exception as exc:  # noqa: BLE001 - the check reports whatever came out
        return exc
    return None


def _decisions(odoo, db, order_id):
    """(decided steps of the first step, decided_by ids, chatter lines 'Step 1/2 ... done')."""
    with odoo.sql_db.db_connect(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        order = env["sale.order"].browse(order_id)
        first = order.approval_ids.filtered(lambda s: s.current and s.sequence == 1)
        bodies = [b for b in order.message_ids.mapped("body") if "Step 1/2 Sign done" in b]
        return first.state, first.decided_by_id.ids, len(bodies)


def _is_clean(odoo, exc, pattern):
    return isinstance(exc, odoo.exceptions.UserError) and re.search(pattern, str(exc))


def _usable(cr):
    try:
        cr.execute("SELECT 1")
        return cr.fetchone() == (1,)
    except Exception:  # noqa: BLE001
        return False


def _run(odoo, db, checker):
    from odoo.service.model import retrying

    dept_a, dept_b, (order1, order2, order3) = _setup(odoo, db)
    connect = odoo.sql_db.db_connect

    # 1. the winner holds the step (decision not committed) while the loser decides
    with connect(db).cursor() as cr1, connect(db).cursor() as cr2:
        _decide(odoo, cr1, dept_a, order1)
        exc = _attempt(odoo, cr2, dept_b, order1)
        checker.check(
            "lock held: the loser gets the clean 'being decided by someone else' error",
            _is_clean(odoo, exc, "being decided by someone else"),
            repr(exc),
        )
        checker.check("lock held: the loser's transaction stays usable", _usable(cr2))
        cr2.rollback()
        cr1.commit()
        # Odoo retries a request in a fresh transaction: it must see the step decided
        env2 = odoo.api.Environment(cr2, dept_b, {})
        _ENVS.append(env2)
        step = (
            env2["sale.order"]
            .browse(order1)
            .sudo()
            .approval_ids.filtered(lambda s: s.current and s.sequence == 1)
        )
        try:
            step.with_env(env2).action_approve()
            exc = None
        except Exception as error:  # noqa: BLE001
            exc = error
        checker.check(
            "retry of the step's decision after the winner committed: told who decided",
            _is_clean(odoo, exc, "already decided by Cc Dept A"),
            repr(exc),
        )
        cr2.rollback()
        exc = _attempt(odoo, cr2, dept_b, order1)
        checker.check(
            "retry of the order's decision: refused cleanly (the next step is not his)",
            _is_clean(odoo, exc, "waits for"),
            repr(exc),
        )
        cr2.rollback()
    state, deciders, lines = _decisions(odoo, db, order1)
    checker.check(
        "lock held: exactly one decision",
        (state, deciders, lines) == ("done", [dept_a], 1),
        f"{state} {deciders} {lines}",
    )

    # 2. the winner commits after the loser's snapshot
    with connect(db).cursor() as cr1, connect(db).cursor() as cr2:
        env2 = odoo.api.Environment(cr2, dept_b, {})
        _ENVS.append(env2)
        env2["sale.order"].browse(order2).approval_ids.mapped("state")  # the loser's snapshot
        _decide(odoo, cr1, dept_a, order2)
        cr1.commit()
        exc = _attempt(odoo, cr2, dept_b, order2)
        checker.check(
            "stale snapshot: the loser gets a clean error, not a server error",
            _is_clean(odoo, exc, "being decided by someone else|already decided by"),
            repr(exc),
        )
        checker.check("stale snapshot: the loser's transaction stays usable", _usable(cr2))
        cr2.rollback()
    state, deciders, lines = _decisions(odoo, db, order2)
    checker.check(
        "stale snapshot: exactly one decision",
        (state, deciders, lines) == ("done", [dept_a], 1),
        f"{state} {deciders} {lines}",
    )

    # 3. the loser's call under Odoo's own retry loop, the winner holding the step
    with connect(db).cursor() as cr1, connect(db).cursor() as cr2:
        _decide(odoo, cr1, dept_a, order3)
        env2 = odoo.api.Environment(cr2, dept_b, {})
        _ENVS.append(env2)
        try:
            retrying(lambda: _decide(odoo, cr2, dept_b, order3), env2)
            exc = None
        except Exception as error:  # noqa: BLE001
            exc = error
        checker.check(
            "Odoo's retry loop: the loser is refused cleanly, not retried into a decision",
            _is_clean(odoo, exc, "being decided by someone else"),
            repr(exc),
        )
        cr2.rollback()
        cr1.commit()
    state, deciders, lines = _decisions(odoo, db, order3)
    checker.check(
        "Odoo's retry loop: exactly one decision",
        (state, deciders, lines) == ("done", [dept_a], 1),
        f"{state} {deciders} {lines}",
    )


def _drop(odoo, db):
    """Drop the scratch database and its filestore."""
    from odoo.tools import SQL

    odoo.modules.registry.Registry.delete(db)
    odoo.sql_db.close_db(db)
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr._cnx.autocommit = True
        odoo.service.db._drop_conn(cr, db)
        cr.execute(SQL("DROP DATABASE IF EXISTS %s", SQL.identifier(db)))
    shutil.rmtree(odoo.tools.config.filestore(db), ignore_errors=True)


def main():
    args = sys.argv[1:]
    totals = None
    if "--totals" in args:
        index = args.index("--totals")
        totals = args[index + 1] if index + 1 < len(args) else ""
        del args[index : index + 2]
    import odoo
    from odoo.tools import config

    config.parse_config(args)
    source = (config["db_name"] or "").split(",")[0]
    scratch = f"{source}_concurrency_{os.getpid()}"
    checker = Checker()
    try:
        odoo.service.db.exp_duplicate_database(source, scratch)
        _run(odoo, scratch, checker)
    except Exception:  # noqa: BLE001 - any set-up error is a failure, reported
        traceback.print_exc()
        checker.check("concurrent decisions could run", False, "see the traceback above")
    finally:
        _drop(odoo, scratch)
    print_totals(checker, totals)
    return 1 if checker.failed else 0


if __name__ == "__main__":
    sys.exit(main())
