"""Returns approved on a complaint go into the key account's warehouse (SPEC S6)."""

from odoo import fields, models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    key_account_complaint_id = fields.Many2one("key.account.complaint", "Complaint")

    def _prepare_picking_default_values(self):
        vals = super()._prepare_picking_default_values()
        complaint = self.key_account_complaint_id
        if complaint:
            account = complaint.commercial_partner_id
            warehouse = account._key_account_warehouse(self.picking_id.company_id)
            if warehouse and warehouse.in_type_id:
                vals["picking_type_id"] = warehouse.in_type_id.id
                vals["location_dest_id"] = warehouse.lot_stock_id.id
            vals["origin"] = self.env._(
                "Return of %(picking)s (%(complaint)s)",
                picking=self.picking_id.name,
                complaint=complaint.name,
            )
        return vals
