"""Annual cumulative purchase rebates (年度累计采购返利) for price-sensitive accounts.

Owns ``key.account.rebate.scheme`` (which accounts, which year, retroactive or marginal)
and its ``key.account.rebate.band`` lines: half-open volume bands ``[lower, upper)``
with a rate, checked on the server to neither overlap nor leave a gap.  The arithmetic
is ``tools/kpi.py`` (``band_of``, ``rebate``, ``rebate_due``); the settlement that turns
it into credit notes is ``key_account_rebate_settlement.py``.
"""

from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.guards import check_finite_numbers


class KeyAccountRebateScheme(models.Model):
    _name = "key.account.rebate.scheme"
    _inherit = ["mail.thread"]
    _description = "Key Account Rebate Scheme"
    _order = "date_from desc, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, translate=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    method = fields.Selection(
        [("retroactive", "Retroactive"), ("marginal", "Marginal")],
        required=True,
        default="retroactive",
        tracking=True,
        help="Retroactive: the rate of the band reached applies to the whole year's "
        "purchases. Marginal: each band's rate applies to the part inside the band.",
    )
    date_from = fields.Date("Period Start", required=True, tracking=True)
    date_to = fields.Date("Period End", required=True, tracking=True)
    segment = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["key_account_segment"].selection,
        default="price",
        help="Key accounts of this segment take part (empty: any segment).",
    )
    tier_ids = fields.Many2many("key.account.tier", string="Tiers", help="Empty: any tier.")
    partner_ids = fields.Many2many(
        "res.partner",
        string="Key Accounts",
        domain=[("is_company", "=", True)],
        help="When set, exactly these accounts take part and segment and tiers are ignored.",
    )
    product_id = fields.Many2one(
        "product.product",
        "Rebate Product",
        required=True,
        check_company=True,
        default=lambda self: self.env.ref(
            "key_account_mgmt.product_key_account_rebate", raise_if_not_found=False
        ),
        help="Product (and so income account) of the credit note lines.",
    )
    band_ids = fields.One2many("key.account.rebate.band", "scheme_id", "Volume Bands", copy=True)
    settlement_ids = fields.One2many("key.account.rebate.settlement", "scheme_id")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for scheme in self:
            if scheme.date_to < scheme.date_from:
                raise ValidationError(
                    self.env._(
                        "Period End of rebate scheme %(name)s cannot be before its Period Start.",
                        name=scheme.name,
                    )
                )

    @api.constrains("band_ids")
    def _check_band_layout(self):
        for scheme in self:
            bands = scheme.band_ids.sorted(lambda b: (b.lower, b.id))
            for index, band in enumerate(bands):
                last = index == len(bands) - 1
                if not band.upper and not last:
                    raise ValidationError(
                        self.env._(
                            "Volume Bands of %(name)s: only the highest band may have no "
                            "upper limit.",
                            name=scheme.name,
                        )
                    )
                if not last and bands[index + 1].lower != band.upper:
                    raise ValidationError(
                        self.env._(
                            "Volume Bands of %(name)s: the band from %(lower)s to %(upper)s "
                            "must be followed by a band starting at %(upper)s (no gap, no "
                            "overlap), not at %(next)s.",
                            name=scheme.name,
                            lower=band.lower,
                            upper=band.upper,
                            next=bands[index + 1].lower,
                        )
                    )

    def _bands(self):
        """The bands as ``tools/kpi.py`` wants them: ``(lower, upper|None, rate)``, the
        rate a fraction."""
        self.ensure_one()
        return [
            (
                Decimal(str(band.lower)),
                Decimal(str(band.upper)) if band.upper else None,
                Decimal(str(band.rate)) / 100,
            )
            for band in self.band_ids.sorted(lambda b: (b.lower, b.id))
        ]

    def _eligible_partners(self):
        """The key accounts taking part (commercial entities of the scheme's company)."""
        self.ensure_one()
        partners = self.env["res.partner"].sudo()
        if self.partner_ids:
            return self.partner_ids.sudo().commercial_partner_id.filtered("is_key_account")
        domain = [
            ("is_key_account", "=", True),
            ("is_company", "=", True),
            ("company_id", "in", [False, self.company_id.id]),
        ]
        if self.segment:
            domain.append(("key_account_segment", "=", self.segment))
        if self.tier_ids:
            domain.append(("key_account_tier_id", "in", self.tier_ids.ids))
        return partners.search(domain)


class KeyAccountRebateBand(models.Model):
    _name = "key.account.rebate.band"
    _description = "Key Account Rebate Volume Band"
    _order = "scheme_id, lower, id"

    scheme_id = fields.Many2one(
        "key.account.rebate.scheme", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="scheme_id.company_id", store=True)
    currency_id = fields.Many2one(related="scheme_id.currency_id")
    lower = fields.Monetary("From", required=True, help="Included: [From, Up To).")
    upper = fields.Monetary("Up To", help="Excluded; empty = no limit.")
    rate = fields.Float("Rate (%)", required=True, digits=(5, 2))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_finite_numbers(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_finite_numbers(self, vals)
        return super().write(vals)

    @api.constrains("lower", "upper", "rate", "scheme_id")
    def _check_band(self):
        for band in self:
            if band.lower < 0:
                raise ValidationError(self.env._("From of a volume band cannot be negative."))
            if band.upper and band.upper <= band.lower:
                raise ValidationError(
                    self.env._(
                        "Up To of a volume band (%(upper)s) must be above its From (%(lower)s).",
                        upper=band.upper,
                        lower=band.lower,
                    )
                )
            if not 0 <= band.rate <= 100:
                raise ValidationError(
                    self.env._("Rate (%) of a volume band must be between 0 and 100.")
                )
        self.scheme_id._check_band_layout()
