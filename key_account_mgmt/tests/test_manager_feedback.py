from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import GROUPS, KeyAccountCase


@tagged("post_install", "-at_install")
class TestManagerFeedback(KeyAccountCase):
    """What accounts say about their account manager: KAM managers and directors only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the account of the office, managed by the office's KAM manager himself
        cls.account = cls._make_key_account("Feedback Customer", account_manager_id=cls.manager.id)
        cls.person = cls.env["res.partner"].create(
            {"name": "Buyer Chen", "parent_id": cls.account.id}
        )
        cls.second_manager = new_test_user(
            cls.env, login="kam_fb_manager2", groups="base.group_user," + GROUPS["manager"]
        )
        cls.office.member_ids = [(4, cls.second_manager.id)]
        cls.Feedback = cls.env["key.account.manager.feedback"]

    def _record(self, user):
        form = Form(self.Feedback.with_user(user))
        form.partner_id = self.account
        form.source_contact_id = self.person
        form.rating = "2"
        form.feedback = "Slow to answer, missed two delivery dates"
        form.reassignment_suggested = True
        return form.save()

    def test_record_and_who_sees_it(self):
        """A manager of the office records it; the manager it is about does not see it."""
        feedback = self._record(self.second_manager)
        self.assertEqual(feedback.account_manager_id, self.manager, "defaults to the account's")
        self.assertEqual(feedback.recorded_by_id, self.second_manager)
        Feedback = self.Feedback
        self.assertEqual(Feedback.with_user(self.second_manager).search([]), feedback)
        self.assertFalse(Feedback.with_user(self.manager).search([("id", "=", feedback.id)]))
        with self.assertRaises(AccessError):
            feedback.with_user(self.manager).read(["feedback"])
        self.assertEqual(
            Feedback.with_user(self.director).search([("id", "=", feedback.id)]), feedback
        )
        for role in ("specialist", "office", "dept", "deputy", "salesdir", "cs", "tech", "finance"):
            with self.assertRaises(AccessError, msg=role):
                Feedback.with_user(self.users[role]).search([])
        outsider = new_test_user(
            self.env, login="kam_fb_outsider", groups="base.group_user," + GROUPS["manager"]
        )
        self.assertFalse(Feedback.with_user(outsider).search([("id", "=", feedback.id)]))
        # counted on the account for those who may see it
        self.assertEqual(self.account.with_user(self.second_manager).key_account_feedback_count, 1)
        self.assertEqual(self.account.with_user(self.manager).key_account_feedback_count, 0)
        # the account is reassigned after the feedback; the feedback keeps its subject
        self.account.with_user(self.director).key_account_manager_id = self.second_manager
        self.assertEqual(feedback.account_manager_id, self.manager)

    def test_recorded_by_cannot_be_forged(self):
        """The recorder is always the current user; the feedback is about a key account."""
        feedback = self.Feedback.with_user(self.director).create(
            {
                "partner_id": self.account.id,
                "feedback": "Very responsive",
                "rating": "5",
                "recorded_by_id": self.second_manager.id,
            }
        )
        self.assertEqual(feedback.recorded_by_id, self.director)
        with self.assertRaisesRegex(UserError, "Recorded by: set when the feedback is recorded"):
            feedback.with_user(self.director).write({"recorded_by_id": self.manager.id})
        with self.assertRaisesRegex(ValidationError, "Customer Ltd is not a key account"):
            self.Feedback.with_user(self.director).create(
                {"partner_id": self.customer.id, "feedback": "x", "rating": "3"}
            )
        with self.assertRaises(AccessError):
            feedback.with_user(self.second_manager).unlink()
