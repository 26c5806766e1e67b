from odoo import api, fields, models

# Order fields whose change restarts a running or finished approval chain.
APPROVAL_WATCHED_FIELDS = ("partner_id", "pricelist_id", "currency_id", "company_id")


class SaleOrder(models.Model):
    """Orders of key accounts pass the amount-tiered sign / approve / file chain (S2)."""

    _name = "sale.order"
    _inherit = ["sale.order", "key.account.approval.mixin"]

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

    def _approval_amount(self):
        """Order total in company currency, converted at the order date."""
        company = self.company_id or self.env.company
        return self.currency_id._convert(
            self.amount_total,
            company.currency_id,
            company,
            fields.Date.to_date(self.date_order) or fields.Date.context_today(self),
        )

    def _approval_tier(self):
        return self.partner_id.commercial_partner_id.key_account_tier_id

    def _approval_office_manager(self):
        return self.partner_id.commercial_partner_id.key_account_team_id.user_id

    def _approval_document_user(self):
        return self.user_id

    def _approval_on_rejected(self, reason):
        self.filtered(lambda o: o.state == "sent").write({"state": "draft"})

    def _approval_restart_unconfirmed(self, reason):
        """Restart the chain of orders not confirmed yet (confirmed orders keep theirs)."""
        self.filtered(lambda o: o.state in self._approval_state_from)._approval_restart(reason)

    # ------------------------------------------------------------------ enforcement
    def action_confirm(self):
        # Fail before Odoo's confirmation side effects, with the waiting step named.
        self._approval_check_complete()
        return super().action_confirm()

    def write(self, vals):
        watched = [f for f in APPROVAL_WATCHED_FIELDS if f in vals]
        changed = self.browse()
        if watched:
            changed = self.filtered(
                lambda o: (
                    o.approval_state in ("pending", "approved")
                    and o.state in self._approval_state_from
                    and any(o[f].id != vals[f] for f in watched)
                )
            )
        res = super().write(vals)
        if changed:
            names = ", ".join(self._fields[f].get_description(self.env)["string"] for f in watched)
            changed._approval_restart(self.env._("%(fields)s changed", fields=names))
        return res
