from odoo import models


class StockReturnPickingLine(models.TransientModel):
    _inherit = "stock.return.picking.line"

    def _prepare_move_default_values(self, new_picking):
        """Goods delivered from a key account's held stock come back into its held
        location (the return type's default would put them into available stock, which
        stock.move.line refuses)."""
        vals = super()._prepare_move_default_values(new_picking)
        held_ids = self.env["stock.location"]._key_account_held_location_ids()
        if held_ids and self.move_id and self.move_id._key_account_left_hold(held_ids):
            held = (self.move_id.move_line_ids.location_id | self.move_id.location_id).filtered(
                lambda loc: loc.id in held_ids
            )
            vals["location_dest_id"] = held[:1].id
        return vals
