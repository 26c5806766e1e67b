from odoo import tools
from odoo.tools import SQL


def create_sql_view(model, query):
    """(Re)create the database view of a report model (``_auto = False``) from ``query``."""
    tools.drop_view_if_exists(model.env.cr, model._table)
    model.env.cr.execute(
        SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(model._table), query)
    )
