"""18.0.1.3.0: reads closed for users outside the account's office (SPEC S8).

The record rules below changed their domain or groups (the persons of a key account
follow it; the office stock report no longer opens every office to specialists who are
stock users). Rules are ``noupdate`` data that a module update never reloads: the old
ones are dropped here and the module data creates them again as they are now.
"""

from odoo import SUPERUSER_ID, api

CHANGED_RULES = (
    "res_partner_rule_own",
    "res_partner_rule_team",
    "key_account_stock_report_rule_all",
)


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for name in CHANGED_RULES:
        rule = env.ref(f"key_account_mgmt.{name}", raise_if_not_found=False)
        if rule:
            rule.unlink()
