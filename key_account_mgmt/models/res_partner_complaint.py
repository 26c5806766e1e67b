"""Complaint and suggestion counts of a key account (smart button, SPEC S6)."""

from odoo import api, fields, models

from ..tools import checked_args

COMPLAINT_GROUPS = (
    "key_account_mgmt.group_kam_specialist,"
    "key_account_mgmt.group_customer_service,"
    "key_account_mgmt.group_technical"
)


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    key_account_complaint_count = fields.Integer(
        "Complaints", compute="_compute_key_account_complaint_counts", groups=COMPLAINT_GROUPS
    )
    key_account_suggestion_count = fields.Integer(
        "Suggestions", compute="_compute_key_account_complaint_counts", groups=COMPLAINT_GROUPS
    )

    @api.depends_context("uid")
    def _compute_key_account_complaint_counts(self):
        # One grouped query for the batch; the records the user may read, closed ones too.
        rows = (
            self.env["key.account.complaint"]
            .with_context(active_test=False)
            ._read_group(
                [("commercial_partner_id", "in", self.ids)],
                ["commercial_partner_id", "kind"],
                ["__count"],
            )
        )
        counts = {(partner, kind): count for partner, kind, count in rows}
        for partner in self:
            partner.key_account_complaint_count = counts.get((partner._origin, "complaint"), 0)
            partner.key_account_suggestion_count = counts.get((partner._origin, "suggestion"), 0)

    @checked_args
    def action_view_key_account_complaints(self):
        """The account's complaints and suggestions (closed ones included)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.key_account_complaint_action"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"active_test": False, "default_partner_id": self.id}
        return action
