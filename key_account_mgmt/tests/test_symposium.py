from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GROUPS, KeyAccountCase


@tagged("post_install", "-at_install")
class TestSymposium(KeyAccountCase):
    """The annual key-account symposium (座谈会): invitations, attendance, feedback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._make_key_account("Symposium Guest")
        cls.person = cls.env["res.partner"].create(
            {"name": "Director Zhao", "parent_id": cls.account.id}
        )
        cls.colleague = new_test_user(
            cls.env, login="kam_sym_colleague", groups="base.group_user," + GROUPS["specialist"]
        )
        # an application names its office, with its manager (issue 11)
        cls.far_office = cls.env["crm.team"].create(
            {
                "name": "Far Office",
                "user_id": new_test_user(
                    cls.env,
                    login="kam_far_sym_office",
                    groups="base.group_user," + GROUPS["office"],
                ).id,
            }
        )
        cls.other = cls._make_key_account(
            "Other Guest", account_manager_id=cls.colleague.id, team_id=cls.far_office.id
        )
        cls.Symposium = cls.env["key.account.symposium"]

    def _symposium(self):
        form = Form(self.Symposium.with_user(self.director))
        form.name = "Key-account symposium 2030"
        form.date = "2030-11-20 01:00:00"
        form.place = "Head office, Hall A"
        for partner in (self.account, self.other):
            with form.invitee_ids.new() as line:
                line.partner_id = partner
        return form.save()

    def test_invite_attend_and_collect_feedback(self):
        """Directors invite; the account's specialist records attendance and feedback."""
        symposium = self._symposium()
        self.assertEqual(symposium.invitee_count, 2)
        self.assertEqual(symposium.year, 2030)
        mine = symposium.invitee_ids.filtered(lambda i: i.partner_id == self.account)
        mine.contact_ids = [Command.link(self.person.id)]
        # the specialist sees only his account's line of the symposium
        symposium.invalidate_recordset(["invitee_ids"])
        lines = symposium.with_user(self.specialist).invitee_ids
        self.assertEqual(lines, mine)
        with self.assertRaisesRegex(UserError, "record whether .*Symposium Guest.* attended"):
            symposium.with_user(self.director).action_held()
        mine.with_user(self.specialist).write(
            {"attendance": "attended", "rating": "4", "feedback": "Wants faster deliveries"}
        )
        # the other account's line stays invisible to him
        theirs = symposium.invitee_ids - mine
        with self.assertRaises(AccessError):
            theirs.with_user(self.specialist).write({"attendance": "absent"})
        with self.assertRaisesRegex(UserError, "record whether Other Guest attended"):
            symposium.with_user(self.director).action_held()
        theirs.with_user(self.colleague).attendance = "absent"
        symposium.with_user(self.director).action_held()
        self.assertEqual(symposium.state, "held")
        self.assertEqual(symposium.attended_count, 1)
        with self.assertRaisesRegex(UserError, "no longer planned"):
            symposium.with_user(self.director).action_cancel()
        # visible on the account
        self.assertEqual(self.account.with_user(self.specialist).key_account_symposium_count, 1)
        action = self.account.with_user(self.specialist).action_view_key_account_symposiums()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), mine)

    def test_rules_on_invitations(self):
        """Only key accounts, once each, with their own contacts; ratings from attendees."""
        symposium = self._symposium()
        Invitee = self.env["key.account.symposium.invitee"].with_user(self.director)
        with self.assertRaisesRegex(ValidationError, "Customer Ltd is not a key account"):
            Invitee.create({"symposium_id": symposium.id, "partner_id": self.customer.id})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            Invitee.create({"symposium_id": symposium.id, "partner_id": self.account.id})
        mine = symposium.invitee_ids.filtered(lambda i: i.partner_id == self.account)
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaisesRegex(ValidationError, "Invited Contacts: Stranger is not a contact"):
            mine.contact_ids = [Command.link(stranger.id)]
        with self.assertRaisesRegex(ValidationError, "did not attend"):
            mine.write({"attendance": "absent", "rating": "2"})
        with self.assertRaisesRegex(UserError, "moves on only through Held and Cancel"):
            symposium.with_user(self.director).write({"state": "held"})

    def test_invitation_cannot_be_moved_to_another_account(self):
        """A specialist cannot re-target his account's line (RPC write); a KAM manager
        cannot move a line to an account outside his offices."""
        symposium = self._symposium()
        mine = symposium.invitee_ids.filtered(lambda i: i.partner_id == self.account)
        third = self._make_key_account("Third Guest")
        with self.assertRaises(AccessError):
            mine.with_user(self.specialist).write({"partner_id": third.id})
        far = self._make_key_account(
            "Far Guest", account_manager_id=self.colleague.id, team_id=self.far_office.id
        )
        with self.assertRaises(AccessError):
            mine.with_user(self.manager).write({"partner_id": far.id})
        self.assertEqual(mine.partner_id, self.account)
        mine.with_user(self.manager).write({"partner_id": third.id})  # within his office
        self.assertEqual(mine.partner_id, third)

    def test_who_organises(self):
        """Specialists read symposiums but cannot create them or invite accounts."""
        symposium = self._symposium()
        with self.assertRaises(AccessError):
            self.Symposium.with_user(self.specialist).create(
                {"name": "Mine", "date": "2030-01-01 00:00:00"}
            )
        with self.assertRaises(AccessError):
            self.env["key.account.symposium.invitee"].with_user(self.specialist).create(
                {"symposium_id": symposium.id, "partner_id": self.account.id}
            )
        self.assertEqual(
            self.Symposium.with_user(self.specialist).search([("id", "=", symposium.id)]),
            symposium,
        )
        held = self.Symposium.with_user(self.manager).create(
            {"name": "Office meeting", "date": "2030-06-01 00:00:00"}
        )
        held.action_cancel()
        self.assertEqual(held.state, "cancelled")
