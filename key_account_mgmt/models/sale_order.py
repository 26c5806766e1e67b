from odoo import api, fields, models


class SaleOrder(models.Model):
    """Orders of key accounts pass the amount-tiered sign / approve / file chain (S2)."""

    _name = "sale.order"
    _inherit = ["sale.order", "key.account.approval.mixin"]

    # the amounts decide the approval band: not writable over RPC (models/base.py)
    _kam_guarded_extra = ("amount_untaxed", "amount_tax", "amount_total")

    _approval_state_from = ("draft", "sent")
    _approval_state_to = ("sale",)

    is_key_account_order = fields.Boolean(
        related="partner_id.commercial_partner_id.is_key_account", string="Key Account Order"
    )

    # ------------------------------------------------------------------ key-account warehouse
    @api.depends("user_id", "company_id", "partner_id")
    def _compute_warehouse_id(self):
        """A key account's order ships from its key-account warehouse (account override,
        else its office's); other orders keep sale_stock's default."""
        res = super()._compute_warehouse_id()
        for order in self:
            if order.state in ("draft", "sent") or not order.ids:
                warehouse = order._get_key_account_warehouse_id()
                if warehouse:
                    order.warehouse_id = warehouse
        return res

    def _get_key_account_warehouse_id(self):
        """The key-account warehouse of the order's customer in the order's company."""
        self.ensure_one()
        if not self.partner_id:
            return self.env["stock.warehouse"]
        return self.partner_id._key_account_warehouse(self.company_id or self.env.company)

    # ------------------------------------------------------------------ approval hooks
    def _approval_needed(self):
        return bool(self.partner_id.commercial_partner_id.is_key_account)

    @api.model
    def _approval_needed_depends(self):
        return ["partner_id.commercial_partner_id.is_key_account"]

    def _approval_tier(self):
        return self.partner_id.commercial_partner_id.key_account_tier_id

    def _approval_office_manager(self):
        return self.partner_id.commercial_partner_id.key_account_team_id.user_id

    def _approval_document_user(self):
        return self.user_id

    def _approval_on_rejected(self, reason):
        self.filtered(lambda o: o.state == "sent").write({"state": "draft"})

    # ------------------------------------------------------------------ enforcement
    # What the chain approves and how the order is held to it: sale_order_approval.py.
    def action_confirm(self):
        # Fail before Odoo's confirmation side effects, with the waiting step (or what
        # changed since the approval) named; then confirm on the real totals.
        self._approval_check_complete()
        self.filtered(lambda o: o._approval_needed())._approval_sync_stored_amounts()
        return super().action_confirm()

    def write(self, vals):
        partners_before = (
            {order.id: order.partner_id.commercial_partner_id for order in self}
            if "partner_id" in vals
            else None
        )
        res = super().write(vals)
        # whatever the fields written: the order is compared to what its chain approved
        self._approval_follow_changes(partners_before)
        return res
