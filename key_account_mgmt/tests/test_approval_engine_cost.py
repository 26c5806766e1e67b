"""What the approval chain's lower cost rests on still behaves (issue 10).

The engine keeps the approvers' group members in the registry cache, the tax totals of an
order for the transaction, archives the decided steps' to-dos instead of deleting them
and logs its notes without a reply-to address; each is checked here as a user sees it.
"""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import GROUPS
from .test_sale_approval import SaleApprovalCase


@tagged("post_install", "-at_install")
class TestApprovalEngineCost(SaleApprovalCase):
    def _approval_todos(self, order, active=True):
        return (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                    (
                        "activity_type_id",
                        "=",
                        self.env.ref("key_account_mgmt.mail_activity_type_kam_approval").id,
                    ),
                    ("active", "in", (True, False) if active is None else (active,)),
                ]
            )
        )

    def test_group_members_follow_user_changes(self):
        """A user created in, added to or archived from an approvers' group after a chain
        filled the registry cache is an approver of the next chain accordingly."""
        first = self._order(500_000)
        first.with_user(self.salesman).action_approval_request()
        self.assertIn(self.dept, self._approval_todos(first).user_id)

        newcomer = new_test_user(
            self.env, login="kam_dept_newcomer", groups="base.group_user," + GROUPS["dept"]
        )
        joined = new_test_user(self.env, login="kam_dept_joined", groups="base.group_user")
        joined.write({"groups_id": [Command.link(self.env.ref(GROUPS["dept"]).id)]})
        self.dept2.action_archive()

        second = self._order(500_000)
        second.with_user(self.salesman).action_approval_request()
        todo_users = self._approval_todos(second).user_id
        self.assertIn(newcomer, todo_users)
        self.assertIn(joined, todo_users)
        self.assertNotIn(self.dept2, todo_users)
        # the newcomer decides the step: he holds it, and was subscribed to the order
        second.with_user(newcomer).action_approval_approve()
        self.assertEqual(second.approval_ids.sorted("sequence")[0].decided_by_id, newcomer)
        self.assertIn(newcomer.partner_id, second.message_partner_ids)

    def test_totals_follow_a_tax_changed_in_the_same_transaction(self):
        """Totals kept for the transaction are dropped when a tax changes: an order approved
        with a 13 % tax cannot be confirmed after the tax became 20 %."""
        tax = self.env["account.tax"].create({"name": "VAT 13 %", "amount": 13})
        order = self._order(400_000)
        order.order_line.with_user(self.salesman).write({"tax_id": [Command.set(tax.ids)]})
        order.with_user(self.salesman).action_approval_request()
        for user in (self.dept, self.deputy, self.salesdir):
            order.with_user(user).action_approval_approve()
        self.assertEqual(order.approval_state, "approved")
        before = order._approval_totals_from_lines()[0]["total_amount_currency"]
        self.assertAlmostEqual(before, 452_000)

        tax.amount = 20
        after = order._approval_totals_from_lines()[0]["total_amount_currency"]
        self.assertAlmostEqual(after, 480_000)
        with self.assertRaisesRegex(UserError, "Total"):
            order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_totals_follow_a_line_changed_in_the_same_transaction(self):
        """The kept totals are those of the lines as they are: a new price is counted."""
        order = self._order(400_000)
        first = order._approval_totals_from_lines()[0]["total_amount_currency"]
        order.order_line.with_user(self.salesman).write({"price_unit": 500_000})
        second = order._approval_totals_from_lines()[0]["total_amount_currency"]
        self.assertAlmostEqual(first, 400_000)
        self.assertAlmostEqual(second, 500_000)

    def test_decided_to_dos_are_archived_withdrawn_ones_deleted(self):
        """Each decided step's to-dos are archived as done, the chain's last one included;
        a withdrawn chain's to-dos are deleted."""
        order = self._order(500_000)
        order.with_user(self.salesman).action_approval_request()
        for user in (self.dept, self.deputy, self.salesdir):
            order.with_user(user).action_approval_approve()
        self.assertFalse(self._approval_todos(order))
        done = self._approval_todos(order, active=False)
        self.assertTrue(done)
        self.assertTrue(all(done.mapped("date_done")))
        # the salesperson's "Confirm the order" to-do is left to him
        self.assertEqual(order.activity_ids.user_id, self.salesman)

        withdrawn = self._order(500_000)
        withdrawn.with_user(self.salesman).action_approval_request()
        withdrawn.with_user(self.dept).action_approval_approve()
        self.assertTrue(self._approval_todos(withdrawn, active=None))
        # sold to an ordinary customer instead: the chain is withdrawn
        withdrawn.with_user(self.salesman).write({"partner_id": self.customer.id})
        self.assertEqual(withdrawn.approval_state, "none")
        self.assertFalse(self._approval_todos(withdrawn, active=None))

    def test_decision_note(self):
        """A decision is logged as an internal note by the decider, with no reply-to."""
        order = self._order(500_000)
        order.with_user(self.salesman).action_approval_request()
        order.with_user(self.dept).action_approval_approve(comment="Prices checked")
        note = order.message_ids.filtered(lambda m: "done by" in (m.body or ""))[:1]
        self.assertEqual(note.author_id, self.dept.partner_id)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertTrue(note.is_internal)
        self.assertFalse(note.reply_to)
        self.assertIn("Prices checked", note.body)
