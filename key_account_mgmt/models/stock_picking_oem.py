"""OEM / drop-ship deliveries to an office (OEM给办事处发货): goods sent to the office's
key-account warehouse directly by an OEM or supplier need the supplier's delivery document
attached before the receipt is validated, and it stays attached afterwards."""

from odoo import fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    key_account_oem_delivery = fields.Boolean(
        "OEM / Drop-ship Delivery",
        copy=False,
        help="Goods sent to the office directly by an OEM or supplier: the supplier's "
        "delivery document must be attached before the receipt is validated.",
    )
    key_account_delivery_document = fields.Binary(
        "Supplier Delivery Document", attachment=True, copy=False
    )
    key_account_delivery_document_name = fields.Char("Delivery Document Name", copy=False)

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        if {"key_account_oem_delivery", "key_account_delivery_document"} & set(vals):
            done_oem = self.filtered(lambda p: p.state == "done" and p.key_account_oem_delivery)
            if done_oem and (
                not vals.get("key_account_oem_delivery", True)
                or not vals.get("key_account_delivery_document", True)
            ):
                raise UserError(
                    self.env._(
                        "Supplier Delivery Document: %(picking)s is a validated OEM / "
                        "drop-ship delivery; its delivery document is the booking record "
                        "and cannot be removed.",
                        picking=done_oem[0].display_name,
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------ validation
    def _action_done(self):
        self._key_account_check_oem_document()
        return super()._action_done()

    def _key_account_check_oem_document(self):
        oem = self.filtered("key_account_oem_delivery")
        if not oem:
            return
        offices = oem._key_account_receiving_offices()
        for picking in oem.with_context(bin_size=True):
            if picking.picking_type_code != "incoming" or not offices.get(picking.id):
                raise UserError(
                    self.env._(
                        "OEM / Drop-ship Delivery: %(picking)s must be a receipt into an "
                        "office's key-account warehouse.",
                        picking=picking.display_name,
                    )
                )
            if not picking.key_account_delivery_document:
                raise UserError(
                    self.env._(
                        "Supplier Delivery Document: the OEM / drop-ship delivery "
                        "%(picking)s to office %(office)s cannot be validated without the "
                        "supplier's delivery document attached.",
                        picking=picking.display_name,
                        office=offices[picking.id].display_name,
                    )
                )
