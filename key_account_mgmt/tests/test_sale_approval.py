import psycopg2

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GROUPS, KeyAccountCase


class SaleApprovalCase(KeyAccountCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._make_key_account("Approval Customer")
        cls.salesman = cls.specialist  # account manager, and salesperson of the orders
        cls.office_manager = cls.users["office"]
        cls.deputy = cls.users["deputy"]
        cls.salesdir = cls.users["salesdir"]
        cls.dept2 = new_test_user(
            cls.env, login="kam_dept_2", groups="base.group_user," + GROUPS["dept"]
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Cement P.O 42.5", "type": "consu", "list_price": 100, "taxes_id": False}
        )

    @classmethod
    def _order(cls, amount, partner=None, currency=None, lines=1, user=None):
        user = user or cls.salesman
        vals = {
            "partner_id": (partner or cls.account).id,
            "user_id": user.id,
            "order_line": [
                Command.create(
                    {
                        "product_id": cls.product.id,
                        "product_uom_qty": 1,
                        "price_unit": amount / lines,
                        "tax_id": False,
                    }
                )
                for _ in range(lines)
            ],
        }
        if currency:
            pricelist = cls.env["product.pricelist"].create(
                {"name": currency.name, "currency_id": currency.id}
            )
            vals["pricelist_id"] = pricelist.id
        return cls.env["sale.order"].with_user(user).create(vals)

    def _pending(self, order):
        return order.approval_ids.filtered(lambda s: s.current and s.state == "pending")


@tagged("post_install", "-at_install")
class TestSaleApproval(SaleApprovalCase):
    """Key-account orders pass the seed's amount-tiered chain before confirmation (S2)."""

    def test_band_edges(self):
        """99,999.99 / 100,000 / 300,000 / 300,000.01 select exactly one band each."""
        expected = {
            99_999.99: "key_account_mgmt.approval_rule_sale_small",
            100_000: "key_account_mgmt.approval_rule_sale_medium",
            300_000: "key_account_mgmt.approval_rule_sale_medium",
            300_000.01: "key_account_mgmt.approval_rule_sale_large",
        }
        for amount, xmlid in expected.items():
            order = self._order(amount)
            self.assertEqual(order.amount_total, amount)
            order.action_approval_request()
            self.assertEqual(order.approval_ids.rule_id, self.env.ref(xmlid), amount)

    def test_default_chains_match_the_seed(self):
        """Steps and approvers of each band, in order, as seed 003 §三.2 prescribes."""
        small = self._order(50_000)
        small.action_approval_request()
        self.assertEqual(
            [
                (s.kind, s.approver_user_id or s.approver_group_id)
                for s in small.approval_ids.sorted("sequence")
            ],
            [
                ("sign", self.office_manager),
                ("approve", self.env.ref(GROUPS["dept"])),
                ("file", self.env.ref(GROUPS["dept"])),
            ],
        )
        large = self._order(500_000)
        large.action_approval_request()
        self.assertEqual(
            [(s.kind, s.approver_group_id) for s in large.approval_ids.sorted("sequence")],
            [
                ("sign", self.env.ref(GROUPS["dept"])),
                ("sign", self.env.ref(GROUPS["deputy"])),
                ("approve", self.env.ref(GROUPS["salesdir"])),
            ],
        )
        self.assertEqual(
            large.approval_ids.sorted("sequence").mapped("state"), ["pending", "waiting", "waiting"]
        )

    def test_ordinary_customer_untouched(self):
        """An ordinary customer's order confirms as in Odoo, with no approval."""
        order = self._order(1_000_000, partner=self.customer)
        self.assertEqual(order.approval_state, "none")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.approval_ids)

    def test_order_confirmed_before_qualification(self):
        """An order confirmed before its customer became a key account needs nothing."""
        partner = self.env["res.partner"].create({"name": "Later Key", "is_company": True})
        order = self._order(50_000, partner=partner)
        order.action_confirm()
        app = self._make_application(partner)
        app.with_user(self.manager).action_submit()
        app.with_user(self.dept).action_approval_approve()
        self.assertTrue(partner.is_key_account)
        self.assertEqual(order.approval_state, "none")
        draft = self._order(50_000, partner=partner)
        self.assertEqual(draft.approval_state, "to_request")

    def test_no_path_confirms_unapproved_order(self):
        """Button, RPC write, sudo (portal/payment) and import are all refused."""
        order = self._order(50_000)
        self.assertEqual(order.approval_state, "to_request")
        with self.assertRaisesRegex(UserError, "request it first"):
            order.with_user(self.salesman).action_confirm()
        with self.assertRaisesRegex(UserError, "request it first"):
            order.with_user(self.salesman).write({"state": "sale"})
        with self.assertRaisesRegex(UserError, "request it first"):
            order.sudo().action_confirm()
        order.with_user(self.salesman).action_approval_request()
        with self.assertRaisesRegex(UserError, r"Step 1/3 Sign waits for KAM Office"):
            order.with_user(self.salesman).action_confirm()
        with self.assertRaisesRegex(UserError, "request it first"):
            self.env["sale.order"].with_user(self.salesman).create(
                {"partner_id": self.account.id, "state": "sale"}
            )
        self.assertEqual(order.state, "draft")

    def test_import_cannot_create_confirmed_order(self):
        """Odoo's import (``load``) of a confirmed key-account order is refused."""
        Order = self.env["sale.order"].with_user(self.salesman)
        before = Order.search_count([("partner_id", "=", self.account.id)])
        result = Order.load(["partner_id/.id", "state"], [[str(self.account.id), "sale"]])
        self.assertFalse(result["ids"])
        self.assertTrue(any("request it first" in m["message"] for m in result["messages"]))
        self.assertEqual(Order.search_count([("partner_id", "=", self.account.id)]), before)

    def test_full_large_chain(self):
        """Three users decide in turn; only the due step has activities; then confirm."""
        order = self._order(500_000)
        order.with_user(self.salesman).action_approval_request()
        self.assertEqual(order.approval_state, "pending")
        dept_activity_users = order.activity_ids.user_id
        self.assertIn(self.dept, dept_activity_users)
        self.assertNotIn(self.deputy, dept_activity_users, "no activity for a later step")
        self.assertNotIn(self.salesdir, dept_activity_users)
        # the deputy may not jump the queue
        with self.assertRaisesRegex(AccessError, "waits for KAM Department"):
            order.with_user(self.deputy).action_approval_approve()
        order.with_user(self.dept).action_approval_approve(comment="Prices checked")
        self.assertEqual(order.activity_ids.user_id & self.deputy, self.deputy)
        self.assertNotIn(self.dept, order.activity_ids.user_id)
        order.with_user(self.deputy).action_approval_approve()
        self.assertEqual(order.approval_state, "pending")
        with self.assertRaisesRegex(UserError, "waits for Sales Director"):
            order.with_user(self.salesman).action_confirm()
        order.with_user(self.salesdir).action_approval_approve()
        self.assertEqual(order.approval_state, "approved")
        self.assertFalse(order.activity_ids.filtered(lambda a: a.summary != "Confirm the order"))
        steps = order.approval_ids.sorted("sequence")
        self.assertEqual(steps.decided_by_id, self.dept | self.deputy | self.salesdir)
        self.assertEqual(steps[0].comment, "Prices checked")
        bodies = order.message_ids.mapped("body")
        self.assertTrue(any("Step 1/3 Sign done by KAM Dept" in b for b in bodies))
        self.assertTrue(any("Prices checked" in b for b in bodies))
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_consecutive_steps_same_holder_not_auto_approved(self):
        """The department approves, then must file explicitly: no silent second step."""
        order = self._order(10_000)
        order.with_user(self.salesman).action_approval_request()
        order.with_user(self.office_manager).action_approval_approve()
        order.with_user(self.dept).action_approval_approve()
        self.assertEqual(
            order.approval_ids.sorted("sequence").mapped("state"), ["done", "done", "pending"]
        )
        self.assertEqual(order.approval_state, "pending")
        order.with_user(self.dept).action_approval_approve()
        self.assertEqual(order.approval_state, "approved")

    def test_reject_needs_reason_and_returns_to_draft(self):
        """Rejection without reason is refused; with one, the order is back to draft."""
        order = self._order(150_000)
        order.action_quotation_sent()
        order.with_user(self.salesman).action_approval_request()
        action = order.with_user(self.dept).action_approval_reject()
        self.assertEqual(action["res_model"], "key.account.approval.reject")
        with self.assertRaisesRegex(UserError, "Rejection Reason"):
            order.with_user(self.dept).action_approval_reject(reason="  ")
        form = Form(
            self.env["key.account.approval.reject"]
            .with_user(self.dept)
            .with_context(**action["context"])
        )
        form.reason = "Price below floor"
        form.save().action_reject()
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.approval_state, "rejected")
        self.assertEqual(
            order.approval_ids.sorted("sequence").mapped("state"), ["rejected", "cancelled"]
        )
        self.assertFalse(order.activity_ids)
        self.assertTrue(any("Price below floor" in b for b in order.message_ids.mapped("body")))
        # a new request starts a new chain; the old one stays as history
        order.with_user(self.salesman).action_approval_request()
        self.assertEqual(order.approval_state, "pending")
        self.assertEqual(len(order.approval_ids.filtered("current")), 2)
        self.assertEqual(len(order.approval_ids), 4)

    def test_self_approval_refused(self):
        """A department user cannot sign his own order."""
        order = self._order(150_000, user=self.dept)
        order.with_user(self.dept).action_approval_request()
        with self.assertRaisesRegex(AccessError, "your own document"):
            order.with_user(self.dept).action_approval_approve()
        self.assertFalse(order.with_user(self.dept).approval_can_review)
        self.assertEqual(order.approval_state, "pending")
        order.with_user(self.dept2).action_approval_approve()
        self.assertEqual(self._pending(order).kind, "approve")

    def test_same_step_decided_twice(self):
        """Two users on the same step: the second is told who decided, nothing recorded twice."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        step = self._pending(order)
        step.with_user(self.dept).action_approve()
        with self.assertRaisesRegex(UserError, "already decided by KAM Dept"):
            step.with_user(self.dept2).action_approve()
        self.assertEqual(step.decided_by_id, self.dept)
        self.assertEqual(len(order.approval_ids.filtered(lambda s: s.state == "done")), 1)
        done_messages = [b for b in order.message_ids.mapped("body") if "Step 1/2 Sign done" in b]
        self.assertEqual(len(done_messages), 1)

    def test_to_approve_lists(self):
        """'Waits for me' is searchable on steps and on orders, per user."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        Step = self.env["key.account.approval"]
        Order = self.env["sale.order"]
        self.assertIn(
            order, Order.with_user(self.dept).search([("approval_can_review", "=", True)])
        )
        self.assertNotIn(
            order, Order.with_user(self.deputy).search([("approval_can_review", "=", True)])
        )
        self.assertNotIn(
            order, Order.with_user(self.salesman).search([("approval_can_review", "=", True)])
        )
        self.assertIn(
            order, Order.with_user(self.deputy).search([("approval_can_review", "=", False)])
        )
        self.assertEqual(
            Step.with_user(self.dept).search(
                [("can_review", "=", True), ("res_id", "=", order.id)]
            ),
            self._pending(order),
        )
        self.assertTrue(order.with_user(self.dept).approval_can_review)
        self.assertFalse(order.with_user(self.deputy).approval_can_review)

    def test_restart_on_change(self):
        """Changing lines, partner or pricelist of an approved order restarts its chain."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        order.with_user(self.dept).action_approval_approve()
        order.with_user(self.deputy).action_approval_approve()
        self.assertEqual(order.approval_state, "approved")
        order.order_line.with_user(self.salesman).write(
            {"product_uom_qty": 2, "price_unit": 150_000}
        )  # now 300,000: still the middle band
        self.assertEqual(order.approval_state, "pending")
        self.assertEqual(len(order.approval_ids.filtered("current")), 2)
        self.assertTrue(any("Approval restarted" in b for b in order.message_ids.mapped("body")))
        # running chain restarts too, e.g. on a new line
        form = Form(order.with_user(self.salesman))
        with form.order_line.new() as line:
            line.product_id = self.product
            line.price_unit = 1
        form.save()
        self.assertEqual(
            order.approval_ids.filtered("current").rule_id,
            self.env.ref("key_account_mgmt.approval_rule_sale_large"),
        )
        # an unchanged value does not restart
        count = len(order.approval_ids)
        order.with_user(self.salesman).write({"partner_id": self.account.id})
        self.assertEqual(len(order.approval_ids), count)

    def test_currency_conversion_at_order_date(self):
        """A foreign-currency order is banded on its amount converted at the order date."""
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["res.currency.rate"].create(
            [
                {
                    "currency_id": eur.id,
                    "name": "2026-01-01",
                    "rate": 0.5,
                    "company_id": self.company.id,
                },
                {
                    "currency_id": eur.id,
                    "name": "2026-06-01",
                    "rate": 2.0,
                    "company_id": self.company.id,
                },
            ]
        )
        order = self._order(60_000, currency=eur)
        order.date_order = "2026-03-01 10:00:00"
        order.action_approval_request()  # 60,000 EUR at 0.5 = 120,000 company currency
        self.assertEqual(
            order.approval_ids.rule_id, self.env.ref("key_account_mgmt.approval_rule_sale_medium")
        )
        self.assertAlmostEqual(order.approval_ids[0].amount, 120_000)
        later = self._order(60_000, currency=eur)
        later.date_order = "2026-07-01 10:00:00"
        later.action_approval_request()  # at 2.0 = 30,000
        self.assertEqual(
            later.approval_ids.rule_id, self.env.ref("key_account_mgmt.approval_rule_sale_small")
        )

    def test_tier_approval_policy(self):
        """A tier's own rules (its approval policy) replace the general ones for its accounts."""
        strict = (
            self.env["key.account.approval.rule"]
            .with_user(self.director)
            .create(
                {
                    "name": "Grade B: every order up to the sales director",
                    "model_name": "sale.order",
                    "amount_from": 0,
                    "amount_to": 0,
                    "tier_ids": [Command.link(self.tier_b.id)],
                    "step_ids": [
                        Command.create(
                            {
                                "kind": "approve",
                                "approver_type": "group",
                                "group_id": self.env.ref(GROUPS["salesdir"]).id,
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(self.tier_b.approval_rule_ids, strict)
        order = self._order(10_000)  # the account is grade B
        order.action_approval_request()
        self.assertEqual(order.approval_ids.rule_id, strict)
        other = self._make_key_account("Grade C", requested_tier_id=self.tier_c.id)
        order_c = self._order(10_000, partner=other)
        order_c.action_approval_request()
        self.assertEqual(
            order_c.approval_ids.rule_id, self.env.ref("key_account_mgmt.approval_rule_sale_small")
        )

    def test_rule_changes_apply_to_the_next_request(self):
        """Rules are cached: a changed band, an added step or a removed step is used by
        the very next request (the director edits the rules through the form)."""
        small = self.env.ref("key_account_mgmt.approval_rule_sale_small")
        order = self._order(50_000)
        order.action_approval_request()
        self.assertEqual(order.approval_ids.rule_id, small)
        count = len(small.step_ids)
        self.assertEqual(len(order.approval_ids), count)
        with Form(small.with_user(self.director)) as form, form.step_ids.new() as line:
            line.kind = "file"
            line.approver_type = "user"
            line.user_id = self.director
        order2 = self._order(50_000)
        order2.action_approval_request()
        self.assertEqual(len(order2.approval_ids), count + 1)
        self.assertIn(self.director, order2.approval_ids.approver_user_id)
        small.step_ids.filtered(lambda s: s.user_id == self.director).with_user(
            self.director
        ).unlink()
        # narrowing the small band and widening the medium one moves 50,000 up
        medium = self.env.ref("key_account_mgmt.approval_rule_sale_medium")
        small.with_user(self.director).amount_to = 49_999.99
        medium.with_user(self.director).amount_from = 50_000
        order3 = self._order(50_000)
        order3.action_approval_request()
        self.assertEqual(order3.approval_ids.rule_id, medium)
        self.assertEqual(len(order3.approval_ids), len(medium.step_ids))
        # an approver group in use by a rule cannot be deleted from under it
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"):
            self.env.ref(GROUPS["deputy"]).unlink()

    def test_office_manager_required(self):
        """Without an office manager for the account, the request says so."""
        # an account is no longer approved without an office (issue 11): it loses it later
        account = self._make_key_account("No Office")
        account.key_account_team_id = False
        order = self._order(10_000, partner=account)
        with self.assertRaisesRegex(UserError, "office manager"):
            order.action_approval_request()
        self.assertFalse(order.approval_ids)

    def test_steps_visible_to_those_involved(self):
        """Approval steps are read by their requester and approvers, not by others."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        Step = self.env["key.account.approval"]
        domain = [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        self.assertEqual(len(Step.with_user(self.salesman).search(domain)), 2)
        self.assertEqual(len(Step.with_user(self.dept).search(domain)), 2)  # the whole chain
        self.assertEqual(len(Step.with_user(self.director).search(domain)), 2)
        self.assertFalse(Step.with_user(self.plain_user).search(domain))
        self.assertFalse(Step.with_user(self.users["finance"]).search(domain))
        self.assertFalse(Step.with_user(self.users["office"]).search(domain))  # not in this band

    def test_overlapping_rule_refused(self):
        """Rules of one document type cannot overlap; 100,000 cannot be in two bands."""
        with self.assertRaisesRegex(ValidationError, "overlaps rule"):
            self.env["key.account.approval.rule"].with_user(self.director).create(
                {
                    "name": "Edge",
                    "model_name": "sale.order",
                    "amount_from": 99_999.99,
                    "amount_to": 100_000,
                    "step_ids": [
                        Command.create(
                            {"kind": "approve", "approver_type": "user", "user_id": self.dept.id}
                        )
                    ],
                }
            )
        with self.assertRaises(AccessError):
            self.env.ref("key_account_mgmt.approval_rule_sale_small").with_user(self.manager).write(
                {"amount_to": 1}
            )
