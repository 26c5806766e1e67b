"""Gift figures of key accounts (number of requests, value committed this year), owned by
the gift request model and read by the partner's gift budget in one grouped query."""

from datetime import date

from odoo import api, fields, models


class KeyAccountGiftRequest(models.Model):
    _inherit = "key.account.gift.request"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _partner_gift_figures(self, partners, company):
        """{partner: (number of requests, value committed in ``company`` this calendar
        year in the company's currency)} for the partners of ``partners`` that have
        requests the user may read."""
        this_year = date(fields.Date.context_today(self).year, 1, 1)
        groups = self._read_group(
            [("partner_id", "in", partners.ids)],
            ["partner_id", "company_id", "date:year"],
            ["__count", "committed_amount:sum"],
        )
        figures = {}
        for partner, group_company, year, count, amount in groups:
            total, used = figures.get(partner, (0, 0.0))
            if group_company == company and year == this_year:
                used = amount
            figures[partner] = (total + count, used)
        return figures
