from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class CrmTeam(models.Model):
    _inherit = "crm.team"

    # The office's key-account warehouse (大客户仓库): goods for the office's key
    # accounts are stocked, marked, shipped and booked there (SPEC S3).
    key_account_warehouse_id = fields.Many2one(
        "stock.warehouse",
        "Key-Account Warehouse",
        help="Warehouse that serves this office's key accounts: their sale orders pick it "
        "and their goods are held and received there. A key account may override it.",
    )

    key_account_partner_ids = fields.One2many(
        "res.partner", "key_account_team_id", "Key Accounts of the Office"
    )

    # ------------------------------------------------------------------ constraints
    # Not check_company: an office shared by all companies (no company, Odoo's default)
    # may still name one company's warehouse; orders of other companies ignore it.
    @api.constrains("key_account_warehouse_id", "company_id")
    def _check_key_account_warehouse_company(self):
        for team in self:
            warehouse = team.key_account_warehouse_id
            if warehouse and team.company_id and warehouse.company_id != team.company_id:
                raise ValidationError(
                    self.env._(
                        "Key-Account Warehouse of %(office)s: %(wh)s belongs to another company.",
                        office=team.display_name,
                        wh=warehouse.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        teams.key_account_warehouse_id._key_account_setup_sudo()
        return teams

    def write(self, vals):
        res = super().write(vals)
        if vals.get("key_account_warehouse_id"):
            self.key_account_warehouse_id._key_account_setup_sudo()
        return res

    # ------------------------------------------------------------------ actions
    def action_key_account_warehouse_create(self):
        """Create the office's own key-account warehouse (with its operation type and route)."""
        self.ensure_one()
        if self.key_account_warehouse_id:
            raise UserError(
                self.env._(
                    "Key-Account Warehouse of %(office)s: the office already has one (%(wh)s).",
                    office=self.display_name,
                    wh=self.key_account_warehouse_id.display_name,
                )
            )
        multi_warehouses = self.env.ref("stock.group_stock_multi_warehouses")
        may_enable = self.env.su or self.env.user.has_group("base.group_system")
        if multi_warehouses not in self.env.ref("base.group_user").implied_ids and not may_enable:
            # Odoo switches multi-warehouse on with the second warehouse: a settings change
            raise UserError(
                self.env._(
                    "Key-Account Warehouse of %(office)s: the company's second warehouse "
                    "switches Inventory to multi-warehouse mode, which only an administrator "
                    "may do; ask one to create it, or pick an existing warehouse.",
                    office=self.display_name,
                )
            )
        company = self.company_id or self.env.company
        Warehouse = self.env["stock.warehouse"].with_company(company)
        warehouse = Warehouse.create(
            {
                "name": self.env._("%(office)s Key-Account Warehouse", office=self.name),
                "code": self._key_account_warehouse_code(company),
                "company_id": company.id,
            }
        )
        warehouse._key_account_setup()
        self.key_account_warehouse_id = warehouse
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.warehouse",
            "res_id": warehouse.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------------ business
    def _key_account_warehouse_code(self, company):
        """A free short code "KA<n>" (warehouse codes are unique per company, 5 chars)."""
        taken = set(
            self.env["stock.warehouse"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id), ("code", "=like", "KA%")])
            .mapped("code")
        )
        for number in range(1, 1000):
            code = f"KA{number}"
            if code not in taken:
                return code
        raise UserError(self.env._("Key-Account Warehouse: no free warehouse code KA1…KA999."))
