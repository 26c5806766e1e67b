from odoo import api, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # the line amounts add up to the approved figures: not writable over RPC (base.py)
    _kam_guarded_extra = ("price_subtotal", "price_tax", "price_total")

    # ------------------------------------------------------------------ computes
    def _compute_analytic_distribution(self):
        res = super()._compute_analytic_distribution()
        for line in self:
            distribution = line._key_account_analytic_distribution()
            if distribution is not None:
                line.analytic_distribution = distribution
        return res

    # ------------------------------------------------------------------ CRUD
    # Approval: whatever line field is written (or recomputed from it, e.g. the quantity
    # from the packaging), the orders are compared to what their chain approved
    # (sale.order._approval_follow_changes).
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._key_account_enforce_analytic()
        lines.order_id._approval_follow_changes()
        return lines

    def write(self, vals):
        orders = self.order_id
        res = super().write(vals)
        if "analytic_distribution" in vals:
            self._key_account_enforce_analytic()
        (orders | self.order_id)._approval_follow_changes()
        return res

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._approval_follow_changes()
        return res

    # ------------------------------------------------------------------ stock
    def _prepare_procurement_values(self, group_id=False):
        """Key-account lines carry the key-account mark and, from a key-account warehouse,
        take its key-account route (unless the line names its own route)."""
        values = super()._prepare_procurement_values(group_id=group_id)
        account = self.order_id.partner_id.commercial_partner_id
        if account.is_key_account:
            values["key_account_id"] = account.id
            route = values.get("warehouse_id") and values["warehouse_id"].key_account_route_id
            if route and not self.route_id:
                values["route_ids"] = route
        return values

    # ------------------------------------------------------------------ analytic
    def _key_account_enforce_analytic(self):
        """Separate booking (单独记账) is a rule: the key account's analytic account stays
        on its order lines, whatever distribution was written."""
        for line in self:
            distribution = line._key_account_analytic_distribution()
            if distribution is not None and distribution != line.analytic_distribution:
                line.analytic_distribution = distribution

    def _key_account_analytic_distribution(self):
        """The line's distribution with the key account's analytic account on the
        "Key Accounts" plan (100 %), other plans kept; ``None`` when not concerned."""
        self.ensure_one()
        account = self.order_id.partner_id.commercial_partner_id
        if self.display_type or not account.is_key_account:
            return None
        analytic = account.key_account_analytic_account_id
        if not analytic:
            return None
        # plan ids only: analytic accounts are not readable without analytic rights
        analytic_sudo = analytic.sudo()
        plan = analytic_sudo.root_plan_id
        Analytic = self.env["account.analytic.account"].sudo()
        result = {}
        total = 0.0
        for key, share in (self.analytic_distribution or {}).items():
            ids = [int(i) for i in key.split(",") if i]
            kept = [a.id for a in Analytic.browse(ids) if a.root_plan_id != plan]
            new_key = ",".join(str(i) for i in [*kept, analytic.id])
            result[new_key] = result.get(new_key, 0.0) + share
            total += share
        if total < 100.0:
            key = str(analytic.id)
            result[key] = result.get(key, 0.0) + 100.0 - total
        return result
