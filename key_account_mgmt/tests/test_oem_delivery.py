from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_held_stock import KeyAccountHeldStockCase


@tagged("post_install", "-at_install")
class TestOemDelivery(KeyAccountHeldStockCase):
    """OEM / drop-ship deliveries to an office are receipts with the supplier's document."""

    def test_form_requires_document_then_follows_acceptance(self):
        """Registered through the receipt form, the document is required; validated, the
        receipt waits for the office's acceptance like any other."""
        form = Form(
            self.env["stock.picking"]
            .with_user(self.stock_user)
            .with_context(
                default_key_account_oem_delivery=True, restricted_picking_type_code="incoming"
            )
        )
        form.picking_type_id = self.warehouse.in_type_id
        form.partner_id = self.supplier
        with form.move_ids_without_package.new() as line:
            line.product_id = self.product
            line.product_uom_qty = 7
        self.assertTrue(form.key_account_oem_delivery)
        with self.assertRaises(AssertionError):  # the document field is required
            form.save()
        form.key_account_delivery_document = self._document()
        picking = form.save()
        picking.action_confirm()
        picking.move_ids.quantity = 7
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.key_account_acceptance_state, "awaiting")
        self.assertEqual(picking.key_account_office_id, self.office)
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "stock.picking"),
                ("res_id", "=", picking.id),
                ("res_field", "=", "key_account_delivery_document"),
            ]
        )
        self.assertEqual(attachment.raw, b"%PDF-1.4 delivery note")

    def test_validation_refused_without_document(self):
        """Over RPC, an OEM receipt without the document cannot be validated."""
        with self.assertRaisesRegex(UserError, "Supplier Delivery Document.*Test Office"):
            self._receive(key_account_oem_delivery=True)
        self.assertFalse(
            self.env["stock.picking"].search(
                [("key_account_oem_delivery", "=", True), ("state", "=", "done")]
            )
        )

    def test_only_into_an_office_warehouse(self):
        """An OEM delivery is a receipt into an office's key-account warehouse."""
        with self.assertRaisesRegex(UserError, "office's key-account warehouse"):
            self._receive(
                warehouse=self.main_warehouse,
                key_account_oem_delivery=True,
                key_account_delivery_document=self._document(),
            )

    def test_document_cannot_be_removed_once_validated(self):
        """The delivery document is the booking record of a validated OEM receipt."""
        picking = self._receive(
            key_account_oem_delivery=True,
            key_account_delivery_document=self._document(),
            key_account_delivery_document_name="note.pdf",
        )
        self.assertEqual(picking.key_account_acceptance_state, "awaiting")
        with self.assertRaisesRegex(UserError, "cannot be removed"):
            picking.with_user(self.stock_user).write({"key_account_delivery_document": False})
        with self.assertRaisesRegex(UserError, "cannot be removed"):
            picking.with_user(self.stock_manager).write({"key_account_oem_delivery": False})
        self.assertTrue(picking.with_context(bin_size=True).key_account_delivery_document)
