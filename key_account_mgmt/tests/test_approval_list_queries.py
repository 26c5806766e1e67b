from odoo.tests import tagged, users, warmup

from .test_sale_approval import SaleApprovalCase


@tagged("post_install", "-at_install")
class TestApprovalListQueries(SaleApprovalCase):
    """The To Approve list names its documents with one batch per model, not one
    query per step."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.orders = cls.env["sale.order"]
        for amount in (10_000, 20_000, 30_000, 40_000):
            order = cls._order(amount)
            order.action_approval_request()
            cls.orders |= order
        cls.steps = cls.env["key.account.approval"].search(
            [("res_model", "=", "sale.order"), ("res_id", "in", cls.orders.ids)]
        )

    def _names(self, steps):
        self.env.invalidate_all()
        return steps.with_env(self.env).mapped("document_name")

    @users("kam_dept")
    @warmup
    def test_document_names_batched(self):
        """Naming 1 step or all steps of 4 orders costs the same queries."""
        one = self.steps[:1]
        with self.assertQueryCount(kam_dept=5):
            self.assertEqual(self._names(one), [self.orders[0].name])
        with self.assertQueryCount(kam_dept=5):
            names = self._names(self.steps)
        self.assertEqual(set(names), set(self.orders.mapped("name")))

    def test_list_columns(self):
        """The To Approve list shows the customer, the document type and the group's name."""
        step = self.steps[:1].with_user(self.dept)
        self.assertEqual(step.document_partner_name, self.account.name)
        self.assertEqual(step.document_type, self.env["ir.model"]._get("sale.order").name)
        groups = self.steps.with_user(self.dept).filtered("approver_group_id")
        self.assertTrue(groups)
        for s in groups:
            self.assertEqual(s.approver_group_name, s.approver_group_id.name)
            self.assertNotIn("/", s.approver_group_name)


@tagged("post_install", "-at_install")
class TestApprovalFollowersKey(SaleApprovalCase):
    """The engine's follower shortcut cannot be used by a client over RPC."""

    def test_forged_followers_key_subscribes_as_usual(self):
        """A salesman sending the engine's context key still subscribes the partner."""
        order = self._order(10_000)
        partner = self.dept.partner_id
        order.with_user(self.salesman).with_context(
            key_account_approval_followers=[partner.id]
        ).message_subscribe(partner_ids=[partner.id])
        self.assertIn(partner, order.message_partner_ids)
