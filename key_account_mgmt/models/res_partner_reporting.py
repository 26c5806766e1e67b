"""Key-account reports: the development stages in their own order.

Grouped by development stage (graph, pivot, list), key accounts come in the order of the
stages (1. Target & Direction … 7. Stable & Developing), not in the alphabetical order of
their technical keys.
"""

from odoo import models
from odoo.tools import SQL

STAGE_FIELD = "key_account_stage"


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _read_group_orderby(self, order, groupby_terms, query):
        if order or STAGE_FIELD not in groupby_terms:
            return super()._read_group_orderby(order, groupby_terms, query)
        terms = []
        for spec, sql_expr in groupby_terms.items():
            if spec == STAGE_FIELD:
                terms.append(self._key_account_stage_order_sql(sql_expr))
            else:
                terms.append(SQL("%s ASC", sql_expr))
        return SQL(", ").join(terms)

    def _key_account_stage_order_sql(self, sql_expr):
        keys = [key for key, _label in self._fields[STAGE_FIELD].selection]
        cases = SQL(" ").join(
            SQL("WHEN %s THEN %s", key, index) for index, key in enumerate(keys)
        )
        return SQL("CASE %s %s END ASC NULLS LAST", sql_expr, cases)
