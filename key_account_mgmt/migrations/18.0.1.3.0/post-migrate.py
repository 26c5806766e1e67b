"""18.0.1.3.0: the calendar events of visits become private (SPEC S8)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    visits = env["key.account.visit"].with_context(active_test=False).search([])
    events = visits.with_context(active_test=False).calendar_event_id
    events.filtered(lambda e: e.privacy != "private").write({"privacy": "private"})
