"""The office (crm.team) as the key-account office: its key-account warehouse, the office
stock figures (available, awaiting acceptance, held) and their lists."""

from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..tools import checked_args
from ..tools.actions import window_action

# Who reads the office stock figures at all: the KAM roles and the warehouse.
STOCK_FIGURE_GROUPS = "key_account_mgmt.group_kam_user,stock.group_stock_user"
# KAM roles that read the figures of every office (as the office stock report).
ALL_OFFICES_GROUPS = (
    "key_account_mgmt.group_kam_department",
    "key_account_mgmt.group_deputy_sales_director",
    "key_account_mgmt.group_kam_director",
    "key_account_mgmt.group_finance",
)


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
        "res.partner",
        "key_account_team_id",
        "Key Accounts of the Office",
        groups="key_account_mgmt.group_kam_user",
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

    # --- office inventory figures (SPEC S3.8): held stock is shown apart
    key_account_qty_available = fields.Float(
        "Office Stock Available",
        compute="_compute_key_account_stock",
        groups=STOCK_FIGURE_GROUPS,
        digits="Product Unit of Measure",
        help="Accepted goods in the key-account warehouse's stock location: received goods "
        "count once the office accepted them (explicitly or tacitly); stock held for key "
        "accounts is not part of it.",
    )
    key_account_qty_awaiting = fields.Float(
        "Awaiting Acceptance",
        compute="_compute_key_account_stock",
        groups=STOCK_FIGURE_GROUPS,
        digits="Product Unit of Measure",
        help="Goods received but not yet accepted by the office (awaiting or objected).",
    )
    key_account_qty_held = fields.Float(
        "Held for Key Accounts",
        compute="_compute_key_account_stock",
        groups=STOCK_FIGURE_GROUPS,
        digits="Product Unit of Measure",
        help="Goods held for the office's key accounts: not available to the office.",
    )
    key_account_receipt_count = fields.Integer(
        "Receipts to Accept", compute="_compute_key_account_stock", groups=STOCK_FIGURE_GROUPS
    )

    @api.depends_context("uid")
    def _compute_key_account_stock(self):
        """Three _read_group queries for all offices, whatever their number; offices the
        user does not belong to show nothing to KAM roles below the department (S8)."""
        teams = self._key_account_stock_readable().filtered("key_account_warehouse_id")
        (self - teams).update(
            {
                "key_account_qty_available": 0.0,
                "key_account_qty_awaiting": 0.0,
                "key_account_qty_held": 0.0,
                "key_account_receipt_count": 0,
            }
        )
        if not teams:
            return
        warehouses = teams.key_account_warehouse_id
        Quant = self.env["stock.quant"]
        # (warehouse, product) → quantity in the stock location tree (no held location)
        on_hand = defaultdict(float)
        for location, product, qty in Quant._read_group(
            [("location_id", "child_of", warehouses.lot_stock_id.ids)],
            ["location_id", "product_id"],
            ["quantity:sum"],
        ):
            on_hand[location.warehouse_id, product] += qty
        held = defaultdict(float)
        for location, qty in Quant._read_group(
            [
                ("location_id.key_account_hold_partner_id", "!=", False),
                ("location_id.warehouse_id", "in", warehouses.ids),
            ],
            ["location_id"],
            ["quantity:sum"],
        ):
            held[location.warehouse_id] += qty
        awaiting = defaultdict(float)
        receipts = defaultdict(set)
        for picking, product, qty in self.env["stock.move"]._read_group(
            [
                ("picking_id.key_account_office_id", "in", teams.ids),
                ("picking_id.key_account_acceptance_state", "in", ("awaiting", "objected")),
                ("state", "=", "done"),
                ("location_dest_id", "child_of", warehouses.lot_stock_id.ids),
            ],
            ["picking_id", "product_id"],
            ["product_qty:sum"],
        ):
            office = picking.key_account_office_id
            awaiting[office, product] += qty
            receipts[office].add(picking.id)
        for team in teams:
            warehouse = team.key_account_warehouse_id
            products = {p for (w, p) in on_hand if w == warehouse}
            team.key_account_qty_available = sum(
                max(0.0, on_hand[warehouse, p] - awaiting[team._origin, p]) for p in products
            )
            team.key_account_qty_awaiting = sum(
                qty for (office, _p), qty in awaiting.items() if office == team._origin
            )
            team.key_account_qty_held = held[warehouse]
            team.key_account_receipt_count = len(receipts[team._origin])

    def _key_account_stock_readable(self):
        """The offices of ``self`` whose stock figures the user reads: every office for the
        KAM department, the directors, finance and users without a KAM account role (the
        warehouse); for specialists, managers and office managers only their offices
        (leader, member, or in the team of one of its key accounts), whatever other
        groups they have."""
        user = self.env.user
        if (
            self.env.su
            or not user.has_group("key_account_mgmt.group_kam_specialist")
            or any(user.has_group(group) for group in ALL_OFFICES_GROUPS)
        ):
            return self
        readable = self.browse()
        for team in self:
            # the office's people are read as the system: the figure is all that is shown
            team_sudo = team.sudo()
            accounts_sudo = team_sudo.key_account_partner_ids
            people = (
                team_sudo.user_id
                | team_sudo.crm_team_member_ids.user_id
                | accounts_sudo.key_account_manager_id
                | accounts_sudo.key_account_specialist_ids
            )
            if user in people:
                readable |= team
        return readable

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("key_account_warehouse_id") for vals in vals_list):
            self.env.registry.clear_cache()  # _key_account_office_warehouse_ids
        teams = super().create(vals_list)
        teams.key_account_warehouse_id._key_account_setup_sudo()
        return teams

    def write(self, vals):
        if "key_account_warehouse_id" in vals:
            self.env.registry.clear_cache()
        res = super().write(vals)
        if vals.get("key_account_warehouse_id"):
            self.key_account_warehouse_id._key_account_setup_sudo()
        return res

    def unlink(self):
        if any(self._ids):
            self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    @tools.ormcache()
    def _key_account_office_warehouse_ids(self):
        """Ids of the warehouses that are some office's key-account warehouse (cached)."""
        groups = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group([("key_account_warehouse_id", "!=", False)], ["key_account_warehouse_id"])
        )
        return frozenset(warehouse.id for (warehouse,) in groups)

    # ------------------------------------------------------------------ actions
    @checked_args
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
        return window_action(
            self.env, res_model="stock.warehouse", res_id=warehouse.id, target="current"
        )

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

    @checked_args
    def action_view_key_account_available_stock(self):
        self.ensure_one()
        return self.env["stock.quant"]._key_account_list_action(
            self.env._("Office Stock: %(office)s", office=self.display_name),
            [("location_id", "child_of", self.key_account_warehouse_id.lot_stock_id.id)],
        )

    @checked_args
    def action_view_key_account_held_stock(self):
        self.ensure_one()
        return self.env["stock.quant"]._key_account_list_action(
            self.env._("Held Stock: %(office)s", office=self.display_name),
            [
                ("location_id.key_account_hold_partner_id", "!=", False),
                ("location_id.warehouse_id", "=", self.key_account_warehouse_id.id),
            ],
        )

    @checked_args
    def action_view_key_account_receipts(self):
        self.ensure_one()
        return window_action(
            self.env,
            xmlid="key_account_mgmt.stock_picking_action_key_account_acceptance",
            domain=[("key_account_office_id", "=", self.id)],
        )
