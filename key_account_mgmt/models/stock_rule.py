from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _get_custom_move_fields(self):
        # the key-account mark travels with the procurement to every move of the chain
        return [*super()._get_custom_move_fields(), "key_account_id"]
