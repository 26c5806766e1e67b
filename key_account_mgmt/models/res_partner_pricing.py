"""Which of Odoo's own pricelists and promotion programs apply to a key account.

Owns the segment tag on ``product.pricelist`` and ``loyalty.program`` (off-season and
bundle prices per segment, seed 004 §2.1, kept in Odoo's pricing, not in an engine of
ours) and, on the key account, the computed list of the pricelists and programs of
its segment (plus its own pricelist) shown on its form.
"""

from odoo import api, fields, models


def _segments(env):
    return env["res.partner"]._fields["key_account_segment"].selection


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    key_account_segment = fields.Selection(
        selection=lambda self: _segments(self.env),
        help="Key accounts of this segment are shown this pricelist as theirs (e.g. the "
        "off-season prices of price-sensitive accounts).",
    )


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    key_account_segment = fields.Selection(
        selection=lambda self: _segments(self.env),
        help="Key accounts of this segment are shown this program (e.g. a bundle price).",
    )


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    key_account_pricelist_ids = fields.Many2many(
        "product.pricelist",
        string="Segment Pricelists",
        compute="_compute_key_account_pricing",
        groups="key_account_mgmt.group_kam_user",
    )
    key_account_program_ids = fields.Many2many(
        "loyalty.program",
        string="Segment Promotions",
        compute="_compute_key_account_pricing",
        groups="key_account_mgmt.group_kam_user",
    )

    @api.depends("key_account_segment", "property_product_pricelist")
    @api.depends_context("company")
    def _compute_key_account_pricing(self):
        """Pricelists of the account's segment and its own; promotion programs of its
        segment or tied to one of these pricelists, still running or to come."""
        today = fields.Date.context_today(self)
        company = self.env.company
        Pricelist = self.env["product.pricelist"]
        Program = self.env["loyalty.program"]
        for partner in self:
            segment = partner.commercial_partner_id.sudo().key_account_segment
            pricelists = partner.property_product_pricelist
            if segment:
                pricelists |= Pricelist.search(
                    [
                        ("key_account_segment", "=", segment),
                        ("company_id", "in", [False, company.id]),
                    ]
                )
            program_domain = [
                ("company_id", "in", [False, company.id]),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", today),
            ]
            if segment:
                program_domain = [
                    "|",
                    ("key_account_segment", "=", segment),
                    ("pricelist_ids", "in", pricelists.ids),
                ] + program_domain
            else:
                program_domain = [("pricelist_ids", "in", pricelists.ids)] + program_domain
            programs = Program.search(program_domain)
            partner.key_account_pricelist_ids = pricelists
            partner.key_account_program_ids = programs
