"""Service-level targets of complaints and suggestions (``key.account.complaint.sla``).

One row per company, key-account tier and kind: the working hours within which the
first response and the resolution (the reply to the customer) are due.  A row without a
tier applies to complaints of customers without one (senders still to be assigned,
accounts not yet qualified).  The KAM director maintains them; everyone who handles
complaints reads them.  The deadlines themselves are computed on the complaint
(``models/key_account_complaint_time.py``) in the company's working calendar.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.guards import check_finite_numbers


class KeyAccountComplaintSla(models.Model):
    _name = "key.account.complaint.sla"
    _description = "Complaint Service Level"
    _order = "company_id, kind, tier_sequence, id"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    tier_id = fields.Many2one(
        "key.account.tier",
        ondelete="cascade",
        help="Key-account tier the targets apply to; empty: customers without a tier.",
    )
    tier_sequence = fields.Integer(related="tier_id.sequence", store=True)
    kind = fields.Selection(
        [("complaint", "Complaint"), ("suggestion", "Suggestion")], required=True
    )
    response_hours = fields.Float(
        "First Response Target (working hours)",
        required=True,
        help="Working hours from receipt to the first response (dispatch to the KAM "
        "department), time waiting on the customer not counted.",
    )
    resolution_hours = fields.Float(
        "Resolution Target (working hours)",
        required=True,
        help="Working hours from receipt to the reply to the customer, time waiting on "
        "the customer not counted.",
    )
    alert_percent = fields.Float(
        "Warning at (%)",
        default=80.0,
        required=True,
        help="The account manager gets a warning activity when this share of a target is used.",
    )
    active = fields.Boolean(default=True)

    @api.depends("tier_id", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for sla in self:
            tier = sla.tier_id.display_name or self.env._("No tier")
            sla.display_name = f"{tier} / {kinds.get(sla.kind, '')}"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_finite_numbers(self, vals)
        return super().create(vals_list)

    def write(self, vals):
        check_finite_numbers(self, vals)
        return super().write(vals)

    @api.constrains("response_hours", "resolution_hours", "alert_percent")
    def _check_targets(self):
        for sla in self:
            if sla.response_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "First Response Target of %(sla)s: it must be more than 0 working hours.",
                        sla=sla.display_name,
                    )
                )
            if sla.resolution_hours < sla.response_hours:
                raise ValidationError(
                    self.env._(
                        "Resolution Target of %(sla)s: it cannot be shorter than the first "
                        "response target.",
                        sla=sla.display_name,
                    )
                )
            if not 0 < sla.alert_percent < 100:
                raise ValidationError(
                    self.env._(
                        "Warning at (%%) of %(sla)s: it must lie between 0 and 100.",
                        sla=sla.display_name,
                    )
                )

    @api.constrains("company_id", "tier_id", "kind", "active")
    def _check_unique(self):
        for sla in self.filtered("active"):
            if sla.tier_id and sla.tier_id.company_id != sla.company_id:
                raise ValidationError(
                    self.env._(
                        "Tier of %(sla)s: it belongs to another company.", sla=sla.display_name
                    )
                )
        rows = self._read_group(
            [
                ("company_id", "in", self.company_id.ids),
                ("kind", "in", list(set(self.mapped("kind")))),
                ("active", "=", True),
            ],
            ["company_id", "tier_id", "kind"],
            ["__count"],
        )
        for company, tier, kind, count in rows:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "Service levels: %(company)s has %(count)s active rows for tier "
                        "%(tier)s and %(kind)s; keep one.",
                        company=company.name,
                        count=count,
                        tier=tier.display_name or self.env._("No tier"),
                        kind=dict(self._fields["kind"]._description_selection(self.env))[kind],
                    )
                )

    @api.model
    def _targets_map(self, keys):
        """``{(company, tier, kind): sla}`` for the given keys, in one search; a key
        without its own row falls back on the company's row without a tier."""
        keys = set(keys)
        if not keys:
            return {}
        rows = self.search(
            [
                ("company_id", "in", list({company.id for company, _t, _k in keys})),
                ("kind", "in", list({kind for _c, _t, kind in keys})),
            ]
        )
        by_key = {(row.company_id, row.tier_id, row.kind): row for row in rows}
        tier_none = self.env["key.account.tier"]
        return {
            key: by_key.get(key) or by_key.get((key[0], tier_none, key[2])) or self.browse()
            for key in keys
        }
