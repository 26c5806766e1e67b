from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class StockLocation(models.Model):
    _inherit = "stock.location"

    # A held location (暂存货位) keeps goods set aside for one key account (SPEC S3.7/8).
    # It lives under the office warehouse's view location, outside its stock location,
    # so that Odoo's own reservations never reach it and the office's available figure
    # leaves it out; the guards in stock.move.line / stock.quant refuse any other use.
    key_account_hold_partner_id = fields.Many2one(
        "res.partner",
        "Held for Key Account",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="Goods in this location are held for this key account: they can only be "
        "delivered to it or released through an approved stock release request.",
    )

    @api.constrains("key_account_hold_partner_id", "location_id", "usage")
    def _check_key_account_hold(self):
        for location in self:
            if location.key_account_hold_partner_id and location.usage != "internal":
                raise ValidationError(
                    self.env._(
                        "Held for Key Account: location %(location)s must be an internal "
                        "location to hold goods.",
                        location=location.display_name,
                    )
                )
            if location.location_id.key_account_hold_partner_id:
                raise ValidationError(
                    self.env._(
                        "Parent Location: %(parent)s holds goods for a key account and cannot "
                        "contain other locations.",
                        parent=location.location_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("key_account_hold_partner_id") for vals in vals_list):
            self._check_key_account_hold_set_by_addon()
            self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if "key_account_hold_partner_id" in vals:
            self._check_key_account_hold_set_by_addon()
            self.env.registry.clear_cache()
        return super().write(vals)

    def _check_key_account_hold_set_by_addon(self):
        # Lifting a hold by clearing the field would bypass the release approval:
        # only res.partner._key_account_held_location() (as superuser) sets it.
        if not self.env.su:
            raise ValidationError(
                self.env._(
                    "Held for Key Account: a location is made a held location by the key "
                    "account's Hold Stock action and released only through an approved "
                    "stock release request; it cannot be set or cleared by hand."
                )
            )

    @api.model
    @tools.ormcache()
    def _key_account_held_location_ids(self):
        """Ids of all held locations (any company); cached, cleared when one changes."""
        return frozenset(
            self.sudo()
            .with_context(active_test=False)
            ._search([("key_account_hold_partner_id", "!=", False)])
        )
