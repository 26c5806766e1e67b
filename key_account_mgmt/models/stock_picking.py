from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # Copied to backorders, so a partly issued gift keeps all its deliveries.
    key_account_gift_request_id = fields.Many2one(
        "key.account.gift.request",
        "Gift Request",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )

    def _action_done(self):
        res = super()._action_done()
        self._key_account_gift_sync()
        return res

    def action_cancel(self):
        res = super().action_cancel()
        self._key_account_gift_sync()
        return res

    def _key_account_gift_sync(self):
        # The warehouse validates or cancels the delivery, usually without rights on gift
        # requests; the request follows its deliveries as the system.
        requests = self.sudo().key_account_gift_request_id
        if requests:
            requests._gift_sync_pickings()
