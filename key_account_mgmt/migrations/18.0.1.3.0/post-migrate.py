"""18.0.1.3.0: the calendar events of visits become private; office managers lose Sales /
All Documents (SPEC S8)."""

from odoo import SUPERUSER_ID, Command, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    visits = env["key.account.visit"].with_context(active_test=False).search([])
    events = visits.with_context(active_test=False).calendar_event_id
    events.filtered(lambda e: e.privacy != "private").write({"privacy": "private"})
    # Office managers no longer get Sales / All Documents (every office's orders) from
    # their group: take it back from those who had it only through it.
    all_leads = env.ref("sales_team.group_sale_salesman_all_leads")
    keep = (
        env.ref("sales_team.group_sale_manager")
        | env.ref("key_account_mgmt.group_kam_department")
        | env.ref("key_account_mgmt.group_deputy_sales_director")
    )
    office_managers = env.ref("key_account_mgmt.group_office_manager").users
    office_managers.filtered(lambda u: not (u.groups_id & keep)).write(
        {"groups_id": [Command.unlink(all_leads.id)]}
    )
