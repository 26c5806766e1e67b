"""Visit statistics of key accounts (count, last done visit, next planned visit), owned by
the visit model and read by the partner's figures in one grouped query per batch."""

from odoo import api, fields, models


class KeyAccountVisit(models.Model):
    _inherit = "key.account.visit"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _partner_visit_statistics(self, partners):
        """{partner: {"count", "last", "next", "days_since"}} for every partner of
        ``partners`` (visits the user may read; ``days_since`` is -1 when never visited)."""
        rows = self._read_group(
            [("partner_id", "in", partners.ids)],
            ["partner_id", "state"],
            ["__count", "date:max", "planned_date:min"],
        )
        stats = {}
        for partner, state, count, last_date, first_planned in rows:
            entry = stats.setdefault(partner, {"count": 0, "last": False, "next": False})
            entry["count"] += count
            if state == "done":
                entry["last"] = last_date
            elif state == "planned":
                entry["next"] = first_planned
        today = fields.Date.context_today(self)
        result = {}
        for partner in partners:
            entry = stats.get(partner._origin, {"count": 0, "last": False, "next": False})
            entry["days_since"] = (
                (today - fields.Datetime.context_timestamp(self, entry["last"]).date()).days
                if entry["last"]
                else -1
            )
            result[partner] = entry
        return result
