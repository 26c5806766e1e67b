"""Issue 11 on the server: the requester is told the outcome (in his language), an
approval to-do cannot be dropped while its step is pending, an application names its
office and an order says what office data is missing."""

import logging
from pathlib import Path
from unittest.mock import patch

from odoo import sql_db
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import CodeTranslations, code_translations

from .test_sale_approval import SaleApprovalCase

MODULE = "key_account_mgmt"
_logger = logging.getLogger(__name__)


def zh_code_translations():
    """zh_CN code translations of the addon: zh_CN.po plus the pending PO files of the
    branches not merged yet (i18n/pending/, merged into zh_CN.po by the lead)."""
    merged = dict(code_translations.get_python_translations(MODULE, "zh_CN"))
    pending = Path(file_path(f"{MODULE}/i18n")) / "pending"
    for po in sorted(pending.glob("*.po")) if pending.is_dir() else ():
        with po.open("rb") as fileobj:
            merged.update(
                CodeTranslations._read_code_translations_file(
                    fileobj, lambda row: row.get("value") and "odoo-python" in row["comments"]
                )
            )
    return patch.dict(code_translations.python_translations, {(MODULE, "zh_CN"): merged})


@tagged("post_install", "-at_install")
class TestApprovalOutcome(SaleApprovalCase):
    """The requester of an approval is told its outcome."""

    def _approve_all(self, order):
        order.with_user(self.dept).action_approval_approve()
        order.with_user(self.deputy).action_approval_approve()
        self.assertEqual(order.approval_state, "approved")

    def _reject(self, order, reason):
        action = order.with_user(self.dept).action_approval_reject()
        form = Form(
            self.env["key.account.approval.reject"]
            .with_user(self.dept)
            .with_context(**action["context"])
        )
        form.reason = reason
        form.save().action_reject()

    def _inbox_message(self, order):
        """The notification sent to the salesperson's inbox about ``order``."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", self.salesman.partner_id.ids),
            ]
        )

    def test_approved_order_asks_to_confirm(self):
        """After the last approval the salesperson has one to-do: confirm the order."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        order.with_user(self.dept).action_approval_approve()
        self.assertNotIn(self.salesman, order.activity_ids.user_id, "not before the end")
        order.with_user(self.deputy).action_approval_approve()
        todo = order.activity_ids
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.salesman)
        self.assertEqual(todo.summary, "Confirm the order")
        self.assertEqual(todo.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertIn(order.name, str(todo.note))
        # the salesperson marks it done (no approval step pending: allowed) and confirms
        todo.with_user(self.salesman).action_feedback(feedback="Confirmed")
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_rejection_tells_reason(self):
        """A rejection reaches the salesperson's inbox with its reason."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        self._reject(order, "Price below floor")
        message = self._inbox_message(order)
        self.assertEqual(len(message), 1)
        self.assertIn("Price below floor", str(message.body))
        self.assertEqual(message.author_id, self.dept.partner_id)
        self.assertFalse(order.activity_ids, "no approval to-do is left")

    def test_outcome_query_count(self):
        """Telling the requester of an approved order costs a fixed, small number of queries."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        self._approve_all(order)
        order.activity_ids.unlink()
        self.env.cr.precommit.data.pop("key_account_approval_outcome", None)
        order.invalidate_recordset()
        self.env["mail.activity"].flush_model()
        with self.assertQueryCount(11):
            order._approval_notify_outcome(True)
        self.assertEqual(order.activity_ids.summary, "Confirm the order")

    def test_outcome_in_requester_language(self):
        """A Chinese-speaking salesperson reads his to-do and the rejection in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.salesman.lang = "zh_CN"
        with zh_code_translations():
            order = self._order(150_000)
            order.with_user(self.salesman).action_approval_request()
            self._approve_all(order)
            todo = order.activity_ids
            self.assertEqual(todo.summary, "确认订单")
            self.assertNotRegex(str(todo.note).replace(order.name, ""), "[A-Za-z]{3,}")
            other = self._order(150_000)
            other.with_user(self.salesman).action_approval_request()
            self._reject(other, "价格低于底价")
            message = self._inbox_message(other)
            for text in (message.subject, str(message.body)):
                self.assertNotRegex(text.replace(other.name, ""), "[A-Za-z]{3,}", text)


@tagged("post_install", "-at_install")
class TestApprovalActivityDone(SaleApprovalCase):
    """An approval to-do is closed by the decision only, never by "Mark Done"."""

    def test_mark_done_refused_while_pending(self):
        """As the approver: done, feedback, schedule next, cancel, archive: all refused."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.dept)
        self.assertEqual(len(activity), 1)
        activity = activity.with_user(self.dept)
        attempts = {
            "action_done": lambda: activity.action_done(),
            "action_feedback": lambda: activity.action_feedback(feedback="ok"),
            "action_feedback_schedule_next": lambda: activity.action_feedback_schedule_next(
                feedback="ok"
            ),
            "action_done_schedule_next": lambda: activity.action_done_schedule_next(),
            "unlink": lambda: activity.unlink(),
            "archive": lambda: activity.write({"active": False}),
        }
        for name, attempt in attempts.items():
            with self.subTest(name), self.assertRaisesRegex(UserError, "Approve Step or Reject"):
                attempt()
        self.assertTrue(activity.exists() and activity.active)
        self.assertTrue(self._pending(order), "the step still waits for its decision")
        # the decision itself closes it
        order.with_user(self.dept).action_approval_approve()
        self.assertNotIn(activity, order.activity_ids)

    def test_requester_cannot_remove_approver_todo(self):
        """The salesperson cannot delete or archive the approver's to-do of his order."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        activity = order.activity_ids.filtered(lambda a: a.user_id == self.dept)
        for attempt in (
            lambda: activity.with_user(self.salesman).unlink(),
            lambda: activity.with_user(self.salesman).write({"active": False}),
            lambda: activity.with_user(self.salesman).action_feedback(feedback="done"),
        ):
            with self.assertRaisesRegex(UserError, "Approve Step or Reject"):
                attempt()
        self.assertTrue(activity.exists() and activity.active)

    def test_archiving_an_approver_keeps_the_others(self):
        """An administrator archives an approver: his to-do goes, the group's others stay."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        others = order.activity_ids.filtered(lambda a: a.user_id != self.dept)
        self.assertTrue(others)
        self.dept2.with_user(self.env.ref("base.user_admin")).action_archive()
        self.assertFalse(self.dept2.active)
        self.assertFalse(order.activity_ids.filtered(lambda a: a.user_id == self.dept2))
        self.assertIn(self.dept, order.activity_ids.user_id)

    def test_deleting_quotation_ends_its_chain(self):
        """A deleted quotation cancels its chain and its to-dos go with it."""
        order = self._order(150_000)
        order.with_user(self.salesman).action_approval_request()
        steps = order.approval_ids
        order.with_user(self.salesman).sudo().unlink()
        self.assertEqual(set(steps.mapped("state")), {"cancelled"})


@tagged("post_install", "-at_install")
class TestApplicationOffice(SaleApprovalCase):
    """An application names its office; an order says which office data is missing."""

    def test_office_from_account_manager_team(self):
        """Without an office given, the account manager's team is the office."""
        partner = self.env["res.partner"].create({"name": "Office Default", "is_company": True})
        vals = self._application_vals(partner, account_manager_id=self.manager.id)
        del vals["team_id"]
        app = self.env["key.account.application"].with_user(self.manager).create(vals)
        self.assertEqual(app.team_id, self.office)

    def test_submit_needs_office(self):
        """No office: submit is refused naming the Office."""
        partner = self.env["res.partner"].create({"name": "No Office Co", "is_company": True})
        app = self._make_application(partner, team_id=False)
        with self.assertRaisesRegex(UserError, "Office is required"):
            app.with_user(self.manager).action_submit()
        self.assertEqual(app.state, "draft")
        self.assertFalse(app.approval_ids)

    def test_submit_needs_office_manager(self):
        """An office without manager is refused when the rules have an office-manager step."""
        partner = self.env["res.partner"].create({"name": "Headless Co", "is_company": True})
        headless = self.env["crm.team"].create({"name": "Headless Office", "user_id": False})
        app = self._make_application(partner, team_id=headless.id)
        with self.assertRaisesRegex(UserError, "Headless Office has no office manager"):
            app.with_user(self.manager).action_submit()
        self.assertEqual(app.state, "draft")

    def test_order_names_missing_office(self):
        """The order's error says whether the account has no office or a headless one."""
        account = self._make_key_account("Lost Office")
        order = self._order(10_000, partner=account)
        account.key_account_team_id = False
        with self.assertRaisesRegex(UserError, "has no office\\. Set the account's Office"):
            order.with_user(self.salesman).action_approval_request()
        self.office.user_id = False
        account.key_account_team_id = self.office
        with self.assertRaisesRegex(UserError, "Test Office has no office manager"):
            order.with_user(self.salesman).action_approval_request()
        self.assertFalse(order.approval_ids)


@tagged("post_install", "-at_install")
class TestApprovalOutcomeQueries(SaleApprovalCase):
    """What telling the requester and guarding the to-dos add to a whole chain."""

    def _chain_queries(self):
        order = self._order(500_000)
        self.env.flush_all()
        total = 0
        for user in (self.salesman, self.dept, self.deputy, self.salesdir):
            self.env.invalidate_all()
            before = sql_db.sql_counter
            if user == self.salesman:
                order.with_user(user).action_approval_request()
            else:
                order.with_user(user).action_approval_approve()
            self.env.flush_all()
            total += sql_db.sql_counter - before
        self.assertEqual(order.approval_state, "approved")
        return total

    def test_outcome_and_guard_queries(self):
        """Request + three decisions: the outcome activity and the to-do guard add <= 13."""
        self._chain_queries()  # warm-up: caches, sequences, first followers
        with_outcome = self._chain_queries()
        Order = type(self.env["sale.order"])
        Activity = type(self.env["mail.activity"])
        with (
            patch.object(Order, "_approval_notify_outcome", lambda self, *args: None),
            patch.object(Activity, "_check_approval_activity_open", lambda self, **kw: None),
        ):
            without = self._chain_queries()
        _logger.info(
            "approval chain: %s queries with the outcome and the to-do guard, %s without",
            with_outcome,
            without,
        )
        self.assertLessEqual(with_outcome - without, 13)
