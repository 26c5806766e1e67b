"""Key-account transfers (stock.picking): the core shared by the concerns, each in its own
file:

=============================  ======================================================
file                           owns
=============================  ======================================================
``stock_picking_marking.py``   the key account a transfer carries goods of (marking)
``stock_picking_oem.py``       OEM / drop-ship deliveries and their supplier document
``stock_picking_acceptance.py`` office receipts and their (tacit) acceptance
``stock_picking_gift.py``      gift deliveries of approved gift requests
=============================  ======================================================

This file: which receipts go into an office's key-account warehouse (the fact both the
OEM document and the acceptance depend on).
"""

from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _key_account_receiving_offices(self):
        """{picking id: office} for receipts into an office's key-account warehouse from
        outside it (internal moves inside the warehouse are no receipts)."""
        office_wh_ids = self.env["crm.team"]._key_account_office_warehouse_ids()
        if not office_wh_ids:
            return {}
        candidates = self.filtered(
            lambda p: (
                p.picking_type_code in ("incoming", "internal")
                and p.location_dest_id.warehouse_id.id in office_wh_ids
                and p.location_id.warehouse_id != p.location_dest_id.warehouse_id
            )
        )
        if not candidates:
            return {}
        warehouses = candidates.location_dest_id.warehouse_id
        # The office owning the warehouse is looked up whatever the user's teams are.
        teams = (
            self.env["crm.team"]
            .sudo()
            .search_fetch(
                [("key_account_warehouse_id", "in", warehouses.ids)],
                ["key_account_warehouse_id"],
                order="id",
            )
        )
        office_by_wh = {}
        for team in teams:
            office_by_wh.setdefault(team.key_account_warehouse_id.id, team.sudo(False))
        return {
            p.id: office_by_wh[p.location_dest_id.warehouse_id.id]
            for p in candidates
            if p.location_dest_id.warehouse_id.id in office_by_wh
        }
