import base64
from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import GROUPS
from .test_sale_approval import SaleApprovalCase


@tagged("post_install", "-at_install")
class TestDelegation(SaleApprovalCase):
    """Written delegation: dates, attachment, on-behalf-of, no self or cyclic delegation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stand_in = new_test_user(
            cls.env, login="kam_stand_in", groups="base.group_user," + GROUPS["specialist"]
        )

    def _delegate(self, delegator, delegate, date_from, date_to, attach=True):
        vals = {
            "delegator_id": delegator.id,
            "delegate_id": delegate.id,
            "date_from": date_from,
            "date_to": date_to,
            "reason": "Travelling",
        }
        if attach:
            vals["attachment_ids"] = [
                Command.create({"name": "authorisation.pdf", "datas": base64.b64encode(b"signed")})
            ]
        return self.env["key.account.delegation"].with_user(delegator).create(vals)

    def test_delegate_acts_on_behalf(self):
        """During the dates the delegate decides the delegator's step, recorded on behalf."""
        today = fields.Date.context_today(self.env["res.users"])
        self._delegate(self.deputy, self.stand_in, today, today + timedelta(days=3))
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        order.with_user(self.dept).action_approval_approve()
        # the delegate works from the "To Approve" list of steps
        step = self._pending(order)
        Step = self.env["key.account.approval"].with_user(self.stand_in)
        self.assertEqual(Step.search([("can_review", "=", True), ("res_id", "=", order.id)]), step)
        step.with_user(self.stand_in).action_approve()
        self.assertEqual((step.decided_by_id, step.on_behalf_of_id), (self.stand_in, self.deputy))
        self.assertTrue(
            any("on behalf of KAM Deputy" in b for b in order.message_ids.mapped("body"))
        )
        self.assertEqual(order.approval_state, "approved")

    def test_delegation_outside_dates_does_not_apply(self):
        """Before or after its dates the delegate cannot act."""
        self._delegate(self.deputy, self.stand_in, date(2026, 3, 1), date(2026, 3, 5))
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        order.with_user(self.dept).action_approval_approve()
        step = self._pending(order).with_user(self.stand_in)
        for day in ("2026-02-28", "2026-03-06"):
            with freeze_time(day):
                self.assertFalse(step.can_review)
                with self.assertRaisesRegex(AccessError, "no valid written delegation"):
                    step.action_approve()
        with freeze_time("2026-03-05"):
            step.action_approve()
        self.assertEqual(order.approval_state, "approved")

    def test_delegation_needs_written_authorisation(self):
        """No attachment, no delegation — by form and by RPC."""
        with self.assertRaisesRegex(ValidationError, "Written Authorisation"):
            self._delegate(
                self.deputy, self.stand_in, date(2026, 3, 1), date(2026, 3, 5), attach=False
            )
        form = Form(self.env["key.account.delegation"].with_user(self.deputy))
        form.delegate_id = self.stand_in
        form.date_to = date(2030, 1, 1)
        form.reason = "Away"
        with self.assertRaisesRegex(ValidationError, "Written Authorisation"):
            form.save()
        self.assertFalse(
            self.env["key.account.delegation"].search([("delegate_id", "=", self.stand_in.id)])
        )

    def test_no_self_or_cyclic_delegation(self):
        """Delegating to oneself, or back along a chain over the same dates, is refused."""
        with self.assertRaisesRegex(ValidationError, "yourself"):
            self._delegate(self.deputy, self.deputy, date(2026, 3, 1), date(2026, 3, 5))
        self._delegate(self.deputy, self.stand_in, date(2026, 3, 1), date(2026, 3, 5))
        self._delegate(self.stand_in, self.dept, date(2026, 3, 4), date(2026, 3, 9))
        with self.assertRaisesRegex(ValidationError, "cycle"):
            self._delegate(self.dept, self.deputy, date(2026, 3, 5), date(2026, 3, 6))
        # not overlapping: no cycle
        self._delegate(self.dept, self.deputy, date(2026, 3, 10), date(2026, 3, 12))

    def test_cannot_delegate_for_someone_else(self):
        """Only a KAM director records a delegation in another user's name."""
        with self.assertRaisesRegex(AccessError, "your own approvals"):
            self.env["key.account.delegation"].with_user(self.stand_in).create(
                {
                    "delegator_id": self.deputy.id,
                    "delegate_id": self.stand_in.id,
                    "date_to": date(2030, 1, 1),
                    "reason": "x",
                }
            )
