from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from . import common

# Shared with key_account_mgmt/static/tests/tours/sale_approval_tour.js.
KEY_ACCOUNT = "KAM Tour Approval Customer Ltd"
PRODUCT = "KAM Tour Cement P.O 52.5"
ORDER = "KAM-TOUR-ORDER"
REJECTION_REASON = "Price below the floor agreed with the finance department."
DELEGATION_REASON = "Business trip abroad"
AUTHORISATION = "written_authorisation.pdf"

ROLES = {
    # role: (login, name, group)
    "salesman": ("kam_s2_sales", "KAM Tour Salesperson", "group_kam_specialist"),
    "manager": ("kam_s2_manager", "KAM Tour Manager", "group_kam_manager"),
    "office": ("kam_s2_office", "KAM Tour Office Manager", "group_office_manager"),
    "dept": ("kam_s2_dept", "KAM Tour Department", "group_kam_department"),
    "deputy": ("kam_s2_deputy", "KAM Tour Deputy", "group_deputy_sales_director"),
    "salesdir": ("kam_s2_salesdir", "KAM Tour Sales Director", "group_sales_director"),
    "stand_in": ("kam_s2_stand_in", "KAM Tour Stand-in", "group_kam_specialist"),
}


class KeyAccountBuilders:
    """The key-account builders of tests/common.py (KeyAccountCase), for an HttpCase.

    They read ``cls.env``, ``cls.manager``, ``cls.dept``, ``cls.specialist`` (the
    account manager), ``cls.office`` and ``cls.tier_b``.
    """

    _attach_all = classmethod(common.KeyAccountCase._attach_all.__func__)
    _application_vals = classmethod(common.KeyAccountCase._application_vals.__func__)
    _make_application = classmethod(common.KeyAccountCase._make_application.__func__)
    _make_key_account = classmethod(common.KeyAccountCase._make_key_account.__func__)


@tagged("post_install", "-at_install")
class TestApprovalTours(KeyAccountBuilders, HttpCase):
    """Browser tours of the sale-order approval (S2), each run as the user who does it.

    The tours are in key_account_mgmt/static/tests/tours/sale_approval_tour.js; every
    tour is followed by server-side checks of what it should have done.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(
                cls.env,
                login=login,
                name=name,
                groups=f"base.group_user,key_account_mgmt.{group}",
            )
            for role, (login, name, group) in ROLES.items()
        }
        cls.salesman = cls.specialist = cls.users["salesman"]
        cls.manager = cls.users["manager"]
        cls.dept = cls.users["dept"]
        cls.deputy = cls.users["deputy"]
        cls.salesdir = cls.users["salesdir"]
        cls.stand_in = cls.users["stand_in"]
        cls.tier_b = cls.env.ref("key_account_mgmt.key_account_tier_b")
        cls.office = cls.env["crm.team"].create(
            {
                "name": "KAM Tour Office",
                "user_id": cls.users["office"].id,
                "member_ids": [Command.link(cls.manager.id)],
            }
        )
        # qualified through an application, the salesperson as its account manager
        cls.account = cls._make_key_account(KEY_ACCOUNT)
        cls.product = cls.env["product.product"].create(
            {"name": PRODUCT, "type": "consu", "list_price": 100, "taxes_id": False}
        )
        cls.rule_large = cls.env.ref("key_account_mgmt.approval_rule_sale_large")
        cls.rule_medium = cls.env.ref("key_account_mgmt.approval_rule_sale_medium")
        cls.group_dept = cls.env.ref("key_account_mgmt.group_kam_department")
        cls.group_deputy = cls.env.ref("key_account_mgmt.group_deputy_sales_director")
        cls.group_salesdir = cls.env.ref("key_account_mgmt.group_sales_director")

    def setUp(self):
        super().setUp()
        self.assertTrue(self.account.is_key_account)
        self.assertEqual(self.account.key_account_manager_id, self.salesman)

    # ------------------------------------------------------------------ helpers
    def _requested_order(self, amount, sent=False):
        """A quotation of the salesperson for the key account, its approval requested."""
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "name": ORDER,
                    "partner_id": self.account.id,
                    "user_id": self.salesman.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": False,
                            }
                        )
                    ],
                }
            )
        )
        if sent:
            order.action_quotation_sent()
        order.action_approval_request()
        self.assertEqual(order.approval_state, "pending")
        return order.with_env(self.env)

    def _steps(self, order):
        return order.approval_ids.filtered("current").sorted("sequence")

    def _bodies(self, order):
        return order.message_ids.mapped("body")

    def _run_decide_chain(self, order):
        """The three approvers decide in turn from their lists, then the salesperson confirms."""
        steps = self._steps(order)
        self.assertEqual(len(steps), 3)
        for index, user in enumerate((self.dept, self.deputy, self.salesdir)):
            self.start_tour("/odoo", "sale_approval_decide_tour", login=user.login)
            self.env.invalidate_all()
            step = steps[index]
            self.assertEqual(step.state, "done", step.name)
            self.assertEqual(step.decided_by_id, user, step.name)
            self.assertFalse(step.on_behalf_of_id, step.name)
            self.assertTrue(step.decision_date, step.name)
            self.assertTrue(
                any(f"{step.name} done by {user.name}" in b for b in self._bodies(order)),
                "the decision is logged in the chatter",
            )
            following = steps[index + 1 :]
            if following:
                self.assertEqual(following.mapped("state")[0], "pending")
                self.assertEqual(order.approval_state, "pending")
                self.assertEqual(order.state, "draft", "an unapproved order is not confirmed")
            self.assertNotIn(user, order.activity_ids.user_id, "the decided to-do is closed")
        self.assertEqual(order.approval_state, "approved")
        self.assertEqual([s.decided_by_id for s in steps], [self.dept, self.deputy, self.salesdir])
        self.assertFalse(
            order.activity_ids.filtered(lambda a: a.summary != "Confirm the order"),
            "no approval to-do is left",
        )
        self.assertEqual(order.state, "draft")

        self.start_tour("/odoo", "sale_approval_confirm_tour", login=self.salesman.login)
        self.env.invalidate_all()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.approval_state, "approved")
        self.assertEqual(len(order.approval_ids), 3, "confirming starts no new chain")

    # ------------------------------------------------------------------ request
    def test_01_request_approval(self):
        """The salesperson makes a quotation above 300,000 and requests its approval."""
        self.start_tour("/odoo", "sale_approval_request_tour", login=self.salesman.login)
        self.env.invalidate_all()

        order = self.env["sale.order"].search([("partner_id", "=", self.account.id)])
        self.assertEqual(len(order), 1, "the tour created exactly one quotation")
        self.assertEqual(order.user_id, self.salesman)
        self.assertEqual(order.create_uid, self.salesman)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.order_line.product_id, self.product)
        self.assertEqual(order.order_line.price_unit, 350_000)
        self.assertEqual(order.amount_total, 350_000)
        self.assertEqual(order.currency_id, order.company_id.currency_id)

        self.assertEqual(order.approval_state, "pending")
        steps = self._steps(order)
        self.assertEqual(len(steps), 3)
        self.assertEqual(len(order.approval_ids), 3, "one chain only")
        self.assertEqual(steps.rule_id, self.rule_large)
        self.assertEqual(
            [(s.kind, s.approver_group_id, s.state) for s in steps],
            [
                ("sign", self.group_dept, "pending"),
                ("sign", self.group_deputy, "waiting"),
                ("approve", self.group_salesdir, "waiting"),
            ],
        )
        self.assertEqual(steps.requester_id, self.salesman)
        self.assertEqual(steps.document_user_id, self.salesman)
        self.assertEqual(set(steps.mapped("amount")), {350_000})
        self.assertIn(self.dept, order.activity_ids.user_id, "the department is asked to sign")
        self.assertNotIn(self.deputy, order.activity_ids.user_id, "no to-do for a later step")
        self.assertTrue(
            any(f"Approval requested by {self.salesman.name}" in b for b in self._bodies(order))
        )

    # ------------------------------------------------------------------ decide
    def test_02_decide_and_confirm(self):
        """Department, deputy and sales director each do their step; then the order confirms."""
        order = self._requested_order(500_000)
        self.assertEqual(self._steps(order).rule_id, self.rule_large)
        self._run_decide_chain(order)

    def test_03_reject(self):
        """The department rejects with a reason: the sent quotation is back to draft."""
        order = self._requested_order(150_000, sent=True)
        self.assertEqual(order.state, "sent")
        self.assertEqual(self._steps(order).rule_id, self.rule_medium)

        self.start_tour("/odoo", "sale_approval_reject_tour", login=self.dept.login)
        self.env.invalidate_all()

        self.assertEqual(order.approval_state, "rejected")
        self.assertEqual(order.state, "draft")
        first, second = self._steps(order)
        self.assertEqual(first.state, "rejected")
        self.assertEqual(first.decided_by_id, self.dept)
        self.assertEqual(first.comment, REJECTION_REASON)
        self.assertEqual(second.state, "cancelled")
        self.assertFalse(second.decided_by_id)
        self.assertFalse(order.activity_ids, "the rejection closes the to-dos")
        self.assertTrue(
            any(
                f"{first.name} rejected by {self.dept.name}" in b and REJECTION_REASON in b
                for b in self._bodies(order)
            ),
            "the rejection and its reason are logged in the chatter",
        )

    # ------------------------------------------------------------------ delegation
    def test_04_delegation(self):
        """The deputy delegates in writing; the stand-in decides his step on his behalf."""
        order = self._requested_order(150_000)
        order.with_user(self.dept).action_approval_approve()
        deputy_step = self._steps(order)[1]
        self.assertEqual(deputy_step.approver_group_id, self.group_deputy)
        self.assertEqual(deputy_step.state, "pending")
        Step = self.env["key.account.approval"]
        self.assertFalse(
            deputy_step.with_user(self.stand_in).can_review, "nothing to decide before"
        )

        self.start_tour("/odoo", "delegation_tour", login=self.deputy.login)
        self.env.invalidate_all()

        delegation = self.env["key.account.delegation"].search(
            [("delegator_id", "=", self.deputy.id)]
        )
        self.assertEqual(len(delegation), 1, "the tour created exactly one delegation")
        today = fields.Date.context_today(delegation.with_user(self.deputy))
        self.assertEqual(delegation.delegate_id, self.stand_in)
        self.assertEqual(delegation.date_from, today)
        self.assertEqual(delegation.date_to, today + timedelta(days=3))
        self.assertEqual(delegation.reason, DELEGATION_REASON)
        self.assertEqual(delegation.company_id, self.env.company)
        self.assertTrue(delegation.active)
        attachment = delegation.attachment_ids
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.name, AUTHORISATION)
        self.assertEqual(attachment.raw, b"%PDF-1.4 signed written authorisation")
        self.assertEqual(
            (attachment.res_model, attachment.res_id),
            (delegation._name, delegation.id),
            "the authorisation is bound to the delegation",
        )
        self.assertEqual(
            self.env["key.account.delegation"]._delegators_of(self.stand_in), self.deputy
        )
        self.assertEqual(
            Step.with_user(self.stand_in).search(
                [("can_review", "=", True), ("res_id", "=", order.id)]
            ),
            deputy_step,
        )
        self.assertFalse(
            self.env["sale.order"].with_user(self.stand_in).search([("id", "=", order.id)]),
            "the stand-in has no access to the order itself",
        )

        # The stand-in decides the deputy's step from his "To Approve" list.
        self.start_tour("/odoo", "sale_approval_decide_tour", login=self.stand_in.login)
        self.env.invalidate_all()

        self.assertEqual(deputy_step.state, "done")
        self.assertEqual(deputy_step.decided_by_id, self.stand_in)
        self.assertEqual(deputy_step.on_behalf_of_id, self.deputy)
        self.assertEqual(order.approval_state, "approved")
        self.assertTrue(
            any(
                f"done by {self.stand_in.name} on behalf of {self.deputy.name}" in b
                for b in self._bodies(order)
            ),
            "the chatter says on whose behalf",
        )
        self.assertFalse(order.activity_ids.filtered(lambda a: a.summary != "Confirm the order"))

    # ------------------------------------------------------------------ phone
    def test_05_decide_and_confirm_phone(self):
        # Same flow at phone size with touch events, as Odoo's own mobile tours run
        # (e.g. test_main_flows.TestUiMobile): the "To Approve" steps are cards there.
        self.browser_size = "375x667"
        self.touch_enabled = True
        order = self._requested_order(500_000)
        self._run_decide_chain(order)
