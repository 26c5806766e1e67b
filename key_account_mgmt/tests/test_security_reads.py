from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import GROUPS, KeyAccountCase
from .test_gift_request import GiftCase

# The archive a user without a KAM role must not read (SPEC S8), by RPC name.
ARCHIVE = (
    "key_account_tier_id",
    "key_account_stage",
    "key_account_segment",
    "key_account_manager_id",
    "key_account_team_id",
    "key_account_specialist_ids",
    "key_account_since",
    "key_account_last_review_date",
    "key_account_archive_completeness",
    "key_account_warehouse_id",
    "key_account_analytic_account_id",
    "main_business",
    "product_preferences",
    "packaging_preferences",
    "after_sales_expectations",
    "price_sensitivity",
    "key_contact_ids",
    "competitor_ids",
    "key_account_tier_history_ids",
    "key_account_application_ids",
    "key_account_contact_log_count",
    "key_account_held_qty",
    "key_account_release_count",
    "key_account_visit_count",
    "key_account_gift_budget",
    "credit_score",
    "annual_revenue",
)
# What any internal user needs to sell, ship and invoice to the account.
SALES_FIELDS = (
    "name",
    "street",
    "city",
    "is_company",
    "commercial_partner_id",
    "is_key_account",
    "property_product_pricelist",
    "property_payment_term_id",
    "child_ids",
)


class ReadsCase(KeyAccountCase):
    """Two offices: A (the common Test Office, its specialist) and B (its own leader and
    specialist), a key account in each with a person, and an ordinary customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.specialist_b = new_test_user(
            cls.env, login="kam_specialist_b", groups="base.group_user," + GROUPS["specialist"]
        )
        cls.leader_b = new_test_user(
            cls.env, login="kam_office_b", groups="base.group_user," + GROUPS["office"]
        )
        cls.office_b = cls.env["crm.team"].create({"name": "Office B", "user_id": cls.leader_b.id})
        cls.account_a = cls._make_key_account("Account A")
        cls.account_b = cls._make_key_account(
            "Account B", account_manager_id=cls.specialist_b.id, team_id=cls.office_b.id
        )
        cls.account_a.write({"key_account_stage": "stable", "main_business": "Mortar"})
        cls.account_b.write({"key_account_stage": "stable", "main_business": "Cement"})
        Partner = cls.env["res.partner"]
        cls.person_a = Partner.create({"name": "Ms Li", "parent_id": cls.account_a.id})
        cls.person_b = Partner.create({"name": "Mr Zhao", "parent_id": cls.account_b.id})
        cls.person_ordinary = Partner.create({"name": "Mr Sun", "parent_id": cls.customer.id})
        cls.product = cls.env["product.product"].create(
            {"name": "Tile Adhesive", "list_price": 50, "taxes_id": False}
        )


@tagged("post_install", "-at_install")
class TestSecurityReadsArchive(ReadsCase):
    """Internal users without a KAM role (and portal users) do not read the archive."""

    def test_plain_salesman_reads_name_address_not_archive(self):
        """A plain salesman reads what he sells with, every archive field is refused."""
        self.plain_user.groups_id = [Command.link(self.env.ref("base.group_allow_export").id)]
        account = self.account_a.with_user(self.plain_user)
        values = account.read(list(SALES_FIELDS))[0]
        self.assertEqual(values["name"], "Account A")
        self.assertTrue(values["is_key_account"])
        self.assertIn(self.person_a.id, values["child_ids"])
        for fname in ARCHIVE:
            with self.assertRaises(AccessError, msg=fname):
                account.read([fname])
            with self.assertRaises(AccessError, msg=fname):
                account.search_read([("id", "=", account.id)], [fname])
            with self.assertRaises(AccessError, msg=fname):
                account.export_data([fname])
        self.assertFalse(set(ARCHIVE) & set(account.fields_get()), "fields_get hides them")
        Partner = self.env["res.partner"].with_user(self.plain_user)
        for domain in (
            [("key_account_stage", "=", "stable")],
            [("key_account_team_id", "=", self.office.id)],
            [("key_account_manager_id", "=", self.specialist.id)],
            [("key_account_tier_id.code", "=", "B")],
        ):
            with self.assertRaises(AccessError, msg=domain):
                Partner.search(domain)
        for groupby in ("key_account_tier_id", "key_account_segment", "key_account_team_id"):
            with self.assertRaises(AccessError, msg=groupby):
                Partner.read_group([("is_key_account", "=", True)], ["__count"], [groupby])
        with self.assertRaises(AccessError):
            Partner.web_read_group([], ["key_account_archive_completeness:avg"], ["is_company"])
        # nothing written either
        with self.assertRaises(AccessError):
            account.write({"key_account_stage": "crisis"})
        self.assertEqual(self.account_a.key_account_stage, "stable")

    def test_plain_salesman_lines_of_the_archive(self):
        """Key contacts, competitors, tier history and contact log are refused as models."""
        for model in (
            "key.account.contact",
            "key.account.competitor",
            "key.account.tier.history",
            "key.account.contact.log",
            "key.account.visit",
            "key.account.gift.request",
            "key.account.application",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.plain_user).search_read(
                    [("partner_id", "=", self.account_a.id)], ["id"]
                )

    def test_partner_form_without_archive(self):
        """The partner form of a plain salesman has no archive field; a specialist's has."""
        arch = self.env["res.partner"].with_user(self.plain_user).get_views([(False, "form")])
        form = arch["views"]["form"]["arch"]
        self.assertNotIn("key_account_stage", form)
        self.assertNotIn("key_account_tier_id", form)
        self.assertNotIn("main_business", form)
        arch = self.env["res.partner"].with_user(self.specialist).get_views([(False, "form")])
        self.assertIn("key_account_stage", arch["views"]["form"]["arch"])

    def test_supporting_departments_read_the_archive(self):
        """Customer service, technical, finance and every KAM role read the archive."""
        for role in GROUPS:
            user = self.users[role]
            if role in ("specialist", "manager", "office"):
                self.account_a.key_account_specialist_ids = [Command.link(user.id)]
            values = self.account_a.with_user(user).read(["key_account_stage", "main_business"])
            self.assertEqual(values[0]["key_account_stage"], "stable", role)

    def test_archive_reader_alone_reads_only_its_accounts(self):
        """The base group given alone (debug mode) does not open every account."""
        reader = new_test_user(
            self.env,
            login="kam_reader_only",
            groups="base.group_user,key_account_mgmt.group_kam_user",
        )
        Partner = self.env["res.partner"].with_user(reader)
        ids = (self.account_a | self.account_b | self.person_b | self.customer).ids
        self.assertEqual(Partner.search([("id", "in", ids)]), self.customer)
        self.account_b.key_account_specialist_ids = [Command.link(reader.id)]
        self.assertEqual(
            Partner.search([("id", "in", ids)]), self.account_b | self.person_b | self.customer
        )

    def test_portal_user_of_the_account(self):
        """The account's own portal user reads his company's name, not its archive."""
        portal = new_test_user(
            self.env, login="kam_portal_a", groups="base.group_portal", partner_id=self.person_a.id
        )
        account = self.account_a.with_user(portal)
        self.assertEqual(account.read(["name"])[0]["name"], "Account A")
        for fname in ("key_account_stage", "key_account_tier_id", "key_account_manager_id"):
            with self.assertRaises(AccessError, msg=fname):
                account.read([fname])


@tagged("post_install", "-at_install")
class TestSecurityReadsSelling(ReadsCase):
    """A plain salesman still sells to key accounts and ordinary customers."""

    def _approve_all(self, order):
        for approver in (self.users["office"], self.dept, self.dept):
            if order.approval_state == "pending":
                order.with_user(approver).action_approval_approve()

    def test_plain_salesman_sells_to_ordinary_customer(self):
        """An ordinary customer's order is created in the form and confirmed as in Odoo."""
        with Form(self.env["sale.order"].with_user(self.plain_user)) as form:
            form.partner_id = self.customer
            with form.order_line.new() as line:
                line.product_id = self.product
                line.product_uom_qty = 2
        order = form.record
        self.assertEqual(order.approval_state, "none")
        order.with_user(self.plain_user).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_plain_salesman_sells_to_key_account(self):
        """A key account's order: the form works, the approval message shows, and after the
        chain the salesman confirms it and reads its delivery address."""
        SaleOrder = self.env["sale.order"].with_user(self.plain_user)
        arch = SaleOrder.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("request its approval before confirming it", arch)
        with Form(SaleOrder) as form:
            form.partner_id = self.account_a
            with form.order_line.new() as line:
                line.product_id = self.product
                line.product_uom_qty = 3
        order = form.record.with_user(self.plain_user)
        self.assertEqual(order.approval_state, "to_request")
        self.assertTrue(order.is_key_account_order)
        order.action_approval_request()
        self.assertEqual(order.approval_state, "pending")
        self._approve_all(order)
        self.assertEqual(order.approval_state, "approved")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.picking_ids.partner_id.read(["name"])[0]["name"], "Account A")
        # an accountant without a KAM role invoices it
        billing = new_test_user(
            self.env,
            login="kam_reads_billing",
            groups="base.group_user,account.group_account_invoice",
        )
        invoice = order.sudo()._create_invoices().with_user(billing)
        invoice.action_post()
        self.assertEqual((invoice.state, invoice.partner_id), ("posted", self.account_a))
        # the key account's analytic account is booked on the line, not readable by him
        line = order.order_line
        self.assertIn(
            str(self.account_a.key_account_analytic_account_id.id),
            ",".join(line.sudo().analytic_distribution),
        )


@tagged("post_install", "-at_install")
class TestSecurityReadsOffices(ReadsCase):
    """Odoo records the addon feeds do not leak another office's data."""

    def _outgoing(self, partner):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        return self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": partner.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.product.name,
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                        }
                    )
                ],
            }
        )

    def test_persons_of_another_office(self):
        """A specialist of office A does not read the persons of office B's account."""
        Partner = self.env["res.partner"].with_user(self.specialist)
        ids = (self.person_a | self.person_b | self.person_ordinary).ids
        self.assertEqual(Partner.search([("id", "in", ids)]), self.person_a | self.person_ordinary)
        with self.assertRaises(AccessError):
            self.person_b.with_user(self.specialist).read(["name", "email"])
        # office B's own people and the department read them
        for user in (self.specialist_b, self.leader_b, self.dept):
            self.assertEqual(Partner.with_user(user).browse(self.person_b.id).name, "Mr Zhao")
        # an office manager of A neither
        self.assertFalse(
            Partner.with_user(self.users["office"]).search([("id", "=", self.person_b.id)])
        )

    def test_pickings_of_another_office(self):
        """Deliveries to office B's account are hidden from a specialist of A, even one who
        also works in the warehouse; his own and ordinary deliveries stay visible."""
        own, theirs, ordinary = (
            self._outgoing(self.person_a),
            self._outgoing(self.person_b),
            self._outgoing(self.person_ordinary),
        )
        self.assertEqual(theirs.key_account_id, self.account_b)
        Picking = self.env["stock.picking"]
        ids = (own | theirs | ordinary).ids
        self.assertEqual(
            Picking.with_user(self.specialist).search([("id", "in", ids)]), own | ordinary
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.specialist).read(["partner_id", "origin"])
        self.specialist.groups_id = [Command.link(self.env.ref("stock.group_stock_user").id)]
        self.assertEqual(
            Picking.with_user(self.specialist).search([("id", "in", ids)]), own | ordinary
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.specialist).action_cancel()
        self.assertNotEqual(theirs.state, "cancel")
        # nor through its moves and move lines
        (own | theirs | ordinary).action_assign()
        self.assertTrue(theirs.move_line_ids)
        for model in ("stock.move", "stock.move.line"):
            found = self.env[model].with_user(self.specialist).search([("picking_id", "in", ids)])
            self.assertEqual(found.picking_id, own | ordinary, model)
        with self.assertRaises(AccessError):
            theirs.move_ids.with_user(self.specialist).read(["partner_id", "product_uom_qty"])
        # office B, the department and a plain stock user see it
        stock_user = new_test_user(
            self.env, login="kam_reads_stock", groups="base.group_user,stock.group_stock_user"
        )
        for user in (self.specialist_b, self.leader_b, self.dept, stock_user):
            self.assertEqual(Picking.with_user(user).search([("id", "=", theirs.id)]), theirs)

    def test_held_stock_and_office_figures_of_another_office(self):
        """Held goods and the office stock figures of office B are not read in office A."""
        warehouse_b = self.env["stock.warehouse"].create({"name": "Office B WH", "code": "OBW"})
        self.office_b.key_account_warehouse_id = warehouse_b
        held = self.account_b._key_account_held_location()
        Quant = self.env["stock.quant"]
        self.product.is_storable = True
        Quant._update_available_quantity(self.product, held, 7)
        Quant._update_available_quantity(self.product, warehouse_b.lot_stock_id, 11)
        main = self.env["stock.warehouse"].create({"name": "Free WH", "code": "FRW"})
        Quant._update_available_quantity(self.product, main.lot_stock_id, 5)
        domain = [("product_id", "=", self.product.id)]
        self.assertEqual(
            Quant.search(domain).location_id, held | warehouse_b.lot_stock_id | main.lot_stock_id
        )
        for user in (self.specialist, self.users["office"], self.manager):
            # the stock of a warehouse is Odoo's stock; what is held for B is B's
            self.assertEqual(
                Quant.with_user(user).search(domain).location_id,
                warehouse_b.lot_stock_id | main.lot_stock_id,
            )
            self.assertEqual(
                Quant.with_user(user).read_group(domain, ["quantity:sum"], [])[0]["quantity"], 16
            )
            team = self.office_b.with_user(user)
            self.assertEqual(
                (team.key_account_qty_available, team.key_account_qty_held), (0.0, 0.0), user.login
            )
        for user in (self.specialist_b, self.dept):
            team = self.office_b.with_user(user)
            self.assertEqual(
                (team.key_account_qty_available, team.key_account_qty_held), (11.0, 7.0)
            )
            self.assertEqual(len(Quant.with_user(user).search(domain)), 3)
        # a specialist who also works in the warehouse still does not see B's held goods
        self.specialist.groups_id = [Command.link(self.env.ref("stock.group_stock_user").id)]
        self.assertNotIn(held, Quant.with_user(self.specialist).search(domain).location_id)
        team = self.office_b.with_user(self.specialist)
        self.assertEqual((team.key_account_qty_available, team.key_account_qty_held), (0.0, 0.0))
        with self.assertRaises(AccessError):
            self.office_b.with_user(self.plain_user).read(["key_account_qty_available"])
        with self.assertRaises(AccessError):
            self.office_b.with_user(self.plain_user).read(["key_account_partner_ids"])

    def test_visit_events_of_another_office(self):
        """The calendar event of office B's visit shows only "Busy" in office A."""
        visit = (
            self.env["key.account.visit"]
            .with_user(self.specialist_b)
            .create(
                {
                    "partner_id": self.account_b.id,
                    "name": "Price talk",
                    "planned_date": fields.Datetime.now() + timedelta(days=2),
                }
            )
        )
        event = visit.calendar_event_id
        self.assertEqual(event.privacy, "private")
        for user in (self.specialist, self.users["office"], self.plain_user):
            event.invalidate_recordset()  # a new request: nothing cached from its creation
            values = event.with_user(user).read(["name", "location", "description", "partner_ids"])
            self.assertEqual(values[0]["name"], "Busy", user.login)
            self.assertFalse(values[0]["location"] or values[0]["description"], user.login)
            self.assertFalse(values[0]["partner_ids"], user.login)
            with self.assertRaises(AccessError):
                event.with_user(user).write({"privacy": "public"})
        event.invalidate_recordset()
        self.assertIn("Price talk", event.with_user(self.specialist_b).read(["name"])[0]["name"])
        self.assertEqual(event.privacy, "private")


@tagged("post_install", "-at_install")
class TestSecurityReadsGiftDelivery(GiftCase):
    """A gift delivery (recipient, request) is not read in another office."""

    def test_gift_delivery_of_another_office(self):
        """A specialist of another office does not read nor cancel the delivery."""
        request = self._approved(500.0)
        picking = request.picking_ids
        self.assertTrue(picking)
        stranger = new_test_user(
            self.env, login="kam_gift_stranger", groups="base.group_user," + GROUPS["specialist"]
        )
        self.env["crm.team"].create(
            {"name": "Far Office", "member_ids": [Command.link(stranger.id)]}
        )
        for model, records in (
            ("stock.picking", picking),
            ("stock.move", picking.move_ids),
        ):
            self.assertFalse(
                self.env[model].with_user(stranger).search([("id", "in", records.ids)]), model
            )
        with self.assertRaises(AccessError):
            picking.with_user(stranger).read(["partner_id", "key_account_gift_request_id"])
        with self.assertRaises(AccessError):
            picking.with_user(stranger).action_cancel()
        self.assertNotEqual(picking.state, "cancel")
        # the account's specialist and the warehouse read it
        for user in (self.specialist, self.stock_user):
            self.assertEqual(
                self.env["stock.picking"].with_user(user).search([("id", "=", picking.id)]),
                picking,
            )
