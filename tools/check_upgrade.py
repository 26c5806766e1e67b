"""A customer database at the released version upgrades without loss (issue 10).

Usage: python tools/check_upgrade.py [--from-rev REV] [--keep] [--totals "N passed, N failed"]
       <odoo-bin arguments: --addons-path, --data-dir, --db_host, -d DATABASE>

1. The addon as released (``--from-rev``, default the 18.0.1.2.0 release) is taken
   from git (``git archive``; a shallow clone uses the copy of that release in
   ``tools/released/``) into a temporary directory and installed with its demo data
   into a scratch database ``<DATABASE>_upgrade``.
2. With that version's own code and actions, as the users of each role, the script
   commits records in every state: qualification applications (draft, submitted,
   approved, rejected, cancelled), gift requests (draft, to approve, approved, issued,
   rejected, cancelled), stock release requests (draft, submitted, approved, rejected,
   cancelled) over held stock, their approval steps, a written delegation, visits
   (planned, checked in, done, missed, cancelled), symposiums (planned, held,
   cancelled).  Each state is checked to exist before the upgrade.
3. A snapshot, in SQL, of every table of the addon and every stored column it adds to
   Odoo's tables: row counts, counts per ``state``, non-empty values per column, and the
   held quantities per location.
4. ``-u key_account_mgmt`` with the code of this work tree (``--addons-path``).
5. The same snapshot again: every figure must be equal; a table or column that is
   gone must be declared in :data:`MOVED` with where its data went.

The closing line is ``N passed, N failed``; with ``--totals`` the counts are added to
the given closing line (the suite's), as ``tools/check_concurrent_decisions.py`` does.
The scratch database is dropped unless ``--keep``.  Exit code 1 on any failure.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import traceback

from check_concurrent_decisions import Checker, print_totals

ADDON = "key_account_mgmt"
RELEASED = "036ca15"  # 18.0.1.2.0, the version customers run
RELEASED_COPY = "tools/released/key_account_mgmt-18.0.1.2.0.tar.xz"

# table.column → where its data lives after the upgrade (checked like the others)
MOVED = {}
# States this version splits: {table: {new state: the released state it comes from}}.
# A visit checked in but not done was "planned" in 18.0.1.2.0 and is "checked_in" now.
STATE_SPLITS = {"key_account_visit": {"checked_in": "planned"}}

EXPECTED_STATES = {
    "key_account_application": {"draft", "submitted", "approved", "rejected", "cancelled"},
    "key_account_gift_request": {
        "draft",
        "to_approve",
        "approved",
        "issued",
        "rejected",
        "cancelled",
    },
    "key_account_stock_release": {"draft", "submitted", "approved", "rejected", "cancelled"},
    "key_account_visit": {"planned", "done", "missed", "cancelled"},
    "key_account_symposium": {"planned", "held", "cancelled"},
    "key_account_approval": {"waiting", "pending", "done", "rejected"},
}


# --------------------------------------------------------------------------- populate
POPULATE = r"""
import base64
from odoo import Command, fields


def run(env, say):
    env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
    ref = env.ref
    company = env.company
    groups = {
        "specialist": "group_kam_specialist",
        "manager": "group_kam_manager",
        "office": "group_office_manager",
        "dept": "group_kam_department",
        "deputy": "group_deputy_sales_director",
        "director": "group_kam_director",
        "finance": "group_finance",
    }
    users = {}
    for role, group in groups.items():
        users[role] = env["res.users"].create({
            "name": f"Upgrade {role.title()}",
            "login": f"upgrade_{role}",
            "groups_id": [Command.set([ref("base.group_user").id, ref(f"{ADDON}.{group}").id])],
        })
    stock_user = env["res.users"].create({
        "name": "Upgrade Stock",
        "login": "upgrade_stock",
        "groups_id": [Command.set([ref("base.group_user").id, ref("stock.group_stock_user").id])],
    })
    deciders = list(users.values())

    def decide_all(doc):
        for step in doc.approval_ids.filtered("current").sorted("sequence"):
            if step.state != "pending" and doc.approval_state != "pending":
                break
            holder = step.approver_user_id or step.approver_group_id
            if holder._name == "res.users":
                user = holder
            else:
                user = next(u for u in deciders if holder in u.groups_id)
            doc.with_user(user).action_approval_approve()

    warehouse = env["stock.warehouse"].create(
        {"name": "Upgrade Office Warehouse", "code": "UPW", "company_id": company.id}
    )
    office = env["crm.team"].create({
        "name": "Upgrade Office",
        "user_id": users["office"].id,
        "member_ids": [Command.link(users["manager"].id)],
        "company_id": company.id,
        "key_account_warehouse_id": warehouse.id,
    })
    tier_b = ref(f"{ADDON}.key_account_tier_b")

    def application(name, state):
        partner = env["res.partner"].create({"name": name, "is_company": True})
        app = env["key.account.application"].with_user(users["manager"]).create({
            "partner_id": partner.id,
            "requested_tier_id": tier_b.id,
            "account_manager_id": users["specialist"].id,
            "team_id": office.id,
            "has_signed_contract": True,
            "ties_up_funds": True,
            "good_credit_standing": True,
        })
        for doc in app.document_ids:
            doc.attachment_ids = [Command.create({
                "name": f"{doc.document_type_id.code}.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 upgrade"),
            })]
        if state == "cancelled":
            app.with_user(users["manager"]).action_cancel()
        if state in ("submitted", "approved", "rejected"):
            app.with_user(users["manager"]).action_submit()
        if state == "approved":
            decide_all(app)
        if state == "rejected":
            app.with_user(users["dept"]).action_approval_reject(reason="Upgrade check")
        say(f"application {state}: {app.state}")
        return partner

    for state in ("draft", "submitted", "rejected", "cancelled"):
        application(f"Upgrade Applicant {state}", state)
    account = application("Upgrade Key Account", "approved")

    # a written delegation of the director to the deputy
    env["key.account.delegation"].with_user(users["director"]).create({
        "delegator_id": users["director"].id,
        "delegate_id": users["deputy"].id,
        "date_from": fields.Date.today(),
        "date_to": fields.Date.add(fields.Date.today(), days=30),
        "reason": "Business trip",
        "attachment_ids": [Command.create({
            "name": "delegation.pdf", "datas": base64.b64encode(b"%PDF-1.4 letter"),
        })],
    })
    say("delegation")

    # gifts in every state
    person = env["res.partner"].create({"name": "Upgrade Contact", "parent_id": account.id})
    contact = env["key.account.contact"].create(
        {"partner_id": account.id, "contact_id": person.id, "role": "decision_maker"}
    )
    gift = env["product.product"].create({
        "name": "Upgrade Tea Box", "type": "consu", "is_storable": True,
        "standard_price": 100, "list_price": 150,
    })
    company.key_account_gift_recipient_cap = 100000
    env["stock.quant"]._update_available_quantity(
        gift, company.key_account_gift_location_id, 100
    )

    def gift_request(state):
        request = env["key.account.gift.request"].with_user(users["specialist"]).create({
            "partner_id": account.id,
            "recipient_id": contact.id,
            "product_id": gift.id,
            "quantity": 1,
            "unit_value": 100.0,
            "occasion": "spring_festival",
            "reason": "Upgrade check",
        })
        if state == "cancelled":
            request.with_user(users["specialist"]).action_cancel()
        if state in ("to_approve", "approved", "issued", "rejected"):
            request.with_user(users["specialist"]).action_submit()
        if state in ("approved", "issued"):
            decide_all(request)
        if state == "rejected":
            step = request.approval_ids.filtered(lambda s: s.state == "pending")[:1]
            holder = step.approver_user_id or step.approver_group_id
            user = holder if holder._name == "res.users" else next(
                u for u in deciders if holder in u.groups_id
            )
            request.with_user(user).action_approval_reject(reason="Upgrade check")
        if state == "issued":
            picking = request.picking_ids.with_user(stock_user)
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()
        say(f"gift {state}: {request.state}")

    for state in ("draft", "to_approve", "approved", "issued", "rejected", "cancelled"):
        gift_request(state)

    # held stock and release requests in every state
    cement = env["product.product"].create(
        {"name": "Upgrade Cement", "is_storable": True, "default_code": "UPC"}
    )
    env["stock.quant"]._update_available_quantity(cement, warehouse.lot_stock_id, 50)
    hold = env["key.account.stock.hold"].with_user(users["office"]).create(
        {"partner_id": account.id, "product_id": cement.id, "quantity": 30}
    )
    hold.action_hold()
    say("held stock")

    def release(state):
        request = env["key.account.stock.release"].with_user(users["office"]).create({
            "partner_id": account.id,
            "product_id": cement.id,
            "quantity": 2,
            "reason": "Urgent order of another account",
        })
        if state == "cancelled":
            request.with_user(users["office"]).action_cancel()
        if state in ("submitted", "approved", "rejected"):
            request.with_user(users["office"]).action_submit()
        if state == "approved":
            decide_all(request)
        if state == "rejected":
            request.with_user(users["dept"]).action_approval_reject(reason="Upgrade check")
        say(f"release {state}: {request.state}")

    for state in ("draft", "submitted", "approved", "rejected", "cancelled"):
        release(state)

    # visits
    account.write({"partner_latitude": 31.2304, "partner_longitude": 121.4737})
    Visit = env["key.account.visit"].with_user(users["specialist"])
    now = fields.Datetime.now()

    def visit(state, days):
        record = Visit.create({
            "partner_id": account.id,
            "contact_ids": [Command.set([contact.id])],
            "planned_date": fields.Datetime.add(now, days=days),
            "name": f"Upgrade check {state}",
        })
        if state in ("checked_in", "done"):
            record.action_check_in(latitude=31.2304, longitude=121.4737)
        if state == "done":
            record.outcome = "Agreed a trial order"
            record.action_done()
        if state == "missed":
            record.action_mark_missed()
        if state == "cancelled":
            record.action_cancel()
        say(f"visit {state}: {record.state}")

    visit("planned", 3)
    visit("checked_in", 0)
    visit("done", 0)
    visit("missed", -3)
    visit("cancelled", 5)

    # symposiums
    Symposium = env["key.account.symposium"].with_user(users["director"])
    for state in ("planned", "held", "cancelled"):
        symposium = Symposium.create({
            "name": f"Upgrade Symposium {state}",
            "date": now,
            "invitee_ids": [Command.create({
                "partner_id": account.id,
                "contact_ids": [Command.set([person.id])],
            })],
        })
        if state == "held":
            symposium.invitee_ids.write({"attendance": "attended"})
            symposium.action_held()
        if state == "cancelled":
            symposium.action_cancel()
        say(f"symposium {state}: {symposium.state}")
"""


def _odoo_python():
    return sys.executable


def _run(cmd, **kwargs):
    print("$ " + " ".join(c if len(c) < 200 else c[:60] + "…" for c in cmd), file=sys.stderr)
    result = subprocess.run(cmd, check=False, **kwargs)
    if result.returncode:
        raise RuntimeError(f"{cmd[0]} {cmd[1][:40]!r}… exited with {result.returncode}")
    return result


def _populate(db, addons_path, base_args):
    """Run :data:`POPULATE` with the released code (a subprocess on its addons path)."""
    script = (
        "import sys, odoo\n"
        "from odoo.tools import config\n"
        f"config.parse_config({base_args + ['--addons-path=' + addons_path, '-d', db]!r})\n"
        "odoo.service.server.load_server_wide_modules()\n"
        f"registry = odoo.modules.registry.Registry.new({db!r})\n"
        f"ADDON = {ADDON!r}\n" + POPULATE + "\n"
        "with registry.cursor() as cr:\n"
        "    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})\n"
        "    run(env, lambda text: print('populated', text, file=sys.stderr, flush=True))\n"
        "    cr.commit()\n"
    )
    _run([_odoo_python(), "-c", script])


SNAPSHOT = r"""
import json, sys, odoo
from odoo.tools import config
config.parse_config(ARGS)
db = config["db_name"]
out = {}
with odoo.sql_db.db_connect(db).cursor() as cr:
    cr.execute('''
        SELECT m.model, f.name, f.ttype
          FROM ir_model_fields f
          JOIN ir_model m ON m.id = f.model_id
          JOIN ir_model_data d ON d.model = 'ir.model.fields' AND d.res_id = f.id
         WHERE d.module = %s AND f.store AND f.ttype NOT IN ('one2many', 'many2many')
           AND NOT m.transient
    ''', [ADDON])
    fields = cr.fetchall()
    cr.execute("SELECT table_name, column_name FROM information_schema.columns "
               "WHERE table_schema = 'public'")
    columns = set(cr.fetchall())
    tables = {t for t, _c in columns}
    # wizards (transient models) hold no data to keep: a removed one is no loss
    cr.execute("SELECT replace(model, '.', '_') FROM ir_model WHERE transient")
    transient = {row[0] for row in cr.fetchall()}
    addon_tables = sorted(
        t for t in tables if t.startswith("key_account_") and t not in transient
    )
    for table in addon_tables:
        cr.execute(f'SELECT count(*) FROM "{table}"')
        out[f"rows {table}"] = cr.fetchone()[0]
        if (table, "state") in columns:
            cr.execute(f'SELECT state, count(*) FROM "{table}" GROUP BY state')
            for state, count in cr.fetchall():
                out[f"state {table} {state}"] = count
    cr.execute("SELECT count(*) FROM key_account_visit WHERE check_in_date IS NOT NULL "
               "AND state IN ('planned', 'checked_in')")
    out["visits checked in, not done"] = cr.fetchone()[0]
    for model, name, ttype in fields:
        table = model.replace(".", "_")
        if (table, name) not in columns:
            continue
        cond = f'"{name}" IS NOT NULL'
        if ttype == "boolean":
            cond = f'"{name}"'
        elif ttype in ("integer", "float", "monetary"):
            cond = f'COALESCE("{name}", 0) != 0'
        cr.execute(f'SELECT count(*) FROM "{table}" WHERE {cond}')
        out[f"values {table}.{name}"] = cr.fetchone()[0]
    cr.execute('''
        SELECT l.complete_name, round(sum(q.quantity)::numeric, 3)
          FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
         WHERE l.key_account_hold_partner_id IS NOT NULL
         GROUP BY l.complete_name
    ''')
    for name, qty in cr.fetchall():
        out[f"held {name}"] = float(qty)
    cr.execute("SELECT res_model, count(*) FROM ir_attachment WHERE res_model LIKE 'key.account.%' "
               "GROUP BY res_model")
    for model, count in cr.fetchall():
        out[f"attachments {model}"] = count
print(json.dumps(out))
"""


def _snapshot(args):
    code = f"ARGS = {args!r}\nADDON = {ADDON!r}\n" + SNAPSHOT
    result = _run([_odoo_python(), "-c", code], capture_output=True, text=True)
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def _option(args, *names):
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                return args[i + 1]
            if arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None


def _without(args, *names):
    out, skip = [], False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in names:
            skip = True
            continue
        if any(arg.startswith(n + "=") for n in names):
            continue
        out.append(arg)
    return out


def _extract_release(repo, from_rev, target):
    """The released addon: from git when the clone has that commit, else (a shallow
    clone) from the copy kept in tools/released/ (the release's code without its
    screenshots)."""
    archive = subprocess.run(
        ["git", "-C", repo, "archive", from_rev, ADDON], check=False, capture_output=True
    )
    if archive.returncode == 0:
        subprocess.run(["tar", "-x", "-C", target], input=archive.stdout, check=True)
        return
    if from_rev != RELEASED:
        raise RuntimeError(f"git archive {from_rev}: {archive.stderr.decode().strip()}")
    print(f"{from_rev} not in this clone: using {RELEASED_COPY}", file=sys.stderr)
    subprocess.run(["tar", "-xJf", os.path.join(repo, RELEASED_COPY), "-C", target], check=True)


def check(args, from_rev, keep, checker):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    source = _option(args, "-d", "--database")
    db = f"{source}_upgrade"
    addons_path = _option(args, "--addons-path")
    base = _without(args, "-d", "--database", "--addons-path")
    odoo_addons = [p for p in addons_path.split(",") if os.path.realpath(p) != repo]
    old = tempfile.mkdtemp(prefix="kam_released_")
    try:
        _extract_release(repo, from_rev, old)
        old_path = ",".join([old, *odoo_addons])
        subprocess.run(["dropdb", "--if-exists", db], check=False)
        odoo_cmd = [_odoo_python(), "-m", "odoo", *base, "--stop-after-init", "-d", db]
        _run([*odoo_cmd, f"--addons-path={old_path}", "-i", ADDON, "--log-level=warn"])
        _populate(db, old_path, base)
        before = _snapshot([*base, f"--addons-path={old_path}", "-d", db])
        for table, states in EXPECTED_STATES.items():
            missing = sorted(s for s in states if not before.get(f"state {table} {s}"))
            checker.check(
                f"before the upgrade {table} has records in every state",
                not missing,
                f"missing {missing}",
            )
        _run([*odoo_cmd, f"--addons-path={addons_path}", "-u", ADDON, "--log-level=warn"])
        after = _snapshot([*base, f"--addons-path={addons_path}", "-d", db])
        checked_in = after.get("state key_account_visit checked_in", 0)
        checker.check(
            "visits checked in but not done are in the state Checked In after the upgrade",
            checked_in == before["visits checked in, not done"] and checked_in > 0,
            f"{checked_in} checked in, {before['visits checked in, not done']} expected",
        )
        for table, splits in STATE_SPLITS.items():
            for new, old_state in splits.items():
                moved = after.pop(f"state {table} {new}", 0)
                key = f"state {table} {old_state}"
                after[key] = after.get(key, 0) + moved
        lost = {}
        for key, value in before.items():
            target = MOVED.get(key.split(" ", 1)[1], None) if key.startswith("values ") else None
            got = after.get(f"values {target}" if target else key)
            if got != value:
                lost[key] = (value, got)
        checker.check(
            f"the upgrade keeps every record, state and value ({len(before)} figures)",
            not lost,
            "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in sorted(lost.items())),
        )
        print(
            f"upgrade {from_rev} → work tree: {len(before)} figures compared, {len(lost)} differ",
            file=sys.stderr,
        )
    finally:
        shutil.rmtree(old, ignore_errors=True)
        if not keep:
            subprocess.run(["dropdb", "--if-exists", db], check=False)
            data_dir = _option(args, "--data-dir") or _option(args, "-D")
            if data_dir:
                shutil.rmtree(os.path.join(data_dir, "filestore", db), ignore_errors=True)


def main():
    args = sys.argv[1:]
    totals = _option(args, "--totals")
    from_rev = _option(args, "--from-rev") or RELEASED
    keep = "--keep" in args
    args = [a for a in _without(args, "--totals", "--from-rev") if a != "--keep"]
    checker = Checker()
    try:
        check(args, from_rev, keep, checker)
    except Exception:  # noqa: BLE001 - any set-up error is a failure, reported
        traceback.print_exc()
        checker.check("the upgrade check could run", False, "see the traceback above")
    print_totals(checker, totals)
    return 1 if checker.failed else 0


if __name__ == "__main__":
    sys.exit(main())
