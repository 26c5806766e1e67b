"""The key-account warehouse of a partner: who may point a key account at its own
warehouse (the rights and the set-up live with ``stock.warehouse``)."""

from odoo import api, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    """The key-account warehouse of a partner (kept apart: res_partner.py is full)."""

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("key_account_warehouse_id") for vals in vals_list):
            # a new partner is never a key account yet (only an approved application
            # makes one), so it has no key-account warehouse either
            raise ValidationError(
                self.env._(
                    "Key-Account Warehouse: only a key account (after its approved "
                    "application) is served by a key-account warehouse."
                )
            )
        return super().create(vals_list)

    def _key_account_set_warehouse(self, warehouse_id):
        """Called by ``write()`` before a key account is pointed at its own key-account
        warehouse: the rights and the set-up live with the warehouse."""
        warehouse = self.env["stock.warehouse"].browse(warehouse_id)
        warehouse._key_account_set_on_partners(self)
