from odoo import models

from ..tools import checked_args


class StockPicking(models.Model):
    """Office acceptance of receipts: the arguments a client sends are checked before the
    objection of ``stock_picking.py`` runs (kept apart: that file is full)."""

    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    @checked_args
    def action_key_account_object(self, reason: str | None = None):
        """Raise the office's objection with a reason (text); without one, open the wizard."""
        # the objection is written as superuser: the user must read the receipts himself
        self.check_access("read")
        return super().action_key_account_object(reason=reason)

    @checked_args
    def action_key_account_accept(self):
        """The office accepts the goods (also after an objection was settled)."""
        # the acceptance is written as superuser: the user must read the receipts himself
        self.check_access("read")
        return super().action_key_account_accept()
