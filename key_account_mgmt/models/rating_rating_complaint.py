"""Ratings of complaints linked to their complaint, for the CSAT figure.

``key_account_complaint_id`` (stored) and the complaint's account, manager, office,
tier, kind and company as related fields let ``key.account.complaint._kpi_csat`` group
the answers in one ``_read_group``.
"""

from odoo import api, fields, models


class RatingRating(models.Model):
    _inherit = "rating.rating"

    key_account_complaint_id = fields.Many2one(
        "key.account.complaint",
        "Complaint",
        compute="_compute_key_account_complaint_id",
        store=True,
        index="btree_not_null",
        ondelete="cascade",
    )
    key_account_partner_id = fields.Many2one(
        related="key_account_complaint_id.commercial_partner_id", string="Key Account"
    )
    key_account_user_id = fields.Many2one(
        related="key_account_complaint_id.user_id", string="Account Manager"
    )
    key_account_team_id = fields.Many2one(
        related="key_account_complaint_id.team_id", string="Office"
    )
    key_account_tier_id = fields.Many2one(related="key_account_complaint_id.tier_id")
    key_account_kind = fields.Selection(related="key_account_complaint_id.kind")
    key_account_company_id = fields.Many2one(
        related="key_account_complaint_id.company_id", string="Complaint Company"
    )

    @api.depends("res_model", "res_id")
    def _compute_key_account_complaint_id(self):
        for rating in self:
            rating.key_account_complaint_id = (
                rating.res_id if rating.res_model == "key.account.complaint" else False
            )
