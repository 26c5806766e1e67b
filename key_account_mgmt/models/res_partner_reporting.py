"""Key-account reports: the development stages in their own order.

Grouped by development stage (graph, pivot, list), key accounts come in the order of the
stages (1. Target & Direction … 7. Stable & Developing), not in the alphabetical order of
their technical keys.
"""

from odoo import models
from odoo.models import regex_order
from odoo.tools import SQL

STAGE_FIELD = "key_account_stage"


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _read_group_orderby(self, order, groupby_terms, query):
        if STAGE_FIELD not in groupby_terms:
            return super()._read_group_orderby(order, groupby_terms, query)
        parts = order.split(",") if order else list(groupby_terms)
        terms = []
        for part in parts:
            match = regex_order.match(part)
            if match and match["term"] == STAGE_FIELD:
                direction = (match["direction"] or "ASC").upper()
                terms.append(
                    self._key_account_stage_order_sql(
                        groupby_terms[STAGE_FIELD], descending=direction == "DESC"
                    )
                )
            elif order:
                terms.append(super()._read_group_orderby(part, groupby_terms, query))
            else:  # the default order of the other groups, as Odoo's
                terms.append(super()._read_group_orderby("", {part: groupby_terms[part]}, query))
        return SQL(", ").join(term for term in terms if term)

    def _key_account_stage_order_sql(self, sql_expr, descending=False):
        keys = [key for key, _label in self._fields[STAGE_FIELD].selection]
        cases = SQL(" ").join(SQL("WHEN %s THEN %s", key, index) for index, key in enumerate(keys))
        direction = SQL("DESC NULLS FIRST" if descending else "ASC NULLS LAST")
        return SQL("CASE %s %s END %s", sql_expr, cases, direction)
