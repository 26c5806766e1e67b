from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import GROUPS, KeyAccountCase


@tagged("post_install", "-at_install")
class TestContactLog(KeyAccountCase):
    """The contact log (客户联络表) of key accounts: entries, rules, counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._make_key_account("Logged Customer")
        cls.contact = cls.env["res.partner"].create(
            {"name": "Mr Zhang", "parent_id": cls.account.id}
        )

    def test_log_entry_through_form(self):
        """The account's specialist logs a call in the form; the account counts it."""
        form = Form(self.env["key.account.contact.log"].with_user(self.specialist))
        form.partner_id = self.account
        form.contact_id = self.contact
        form.form = "phone"
        form.topic = "Delivery schedule for March"
        form.result = "Agreed on two deliveries"
        log = form.save()
        self.assertEqual(log.user_id, self.specialist)
        self.assertEqual(self.account.key_account_contact_log_count, 1)
        action = self.account.with_user(self.specialist).action_view_key_account_contact_log()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), log)

    def test_only_key_accounts_and_their_contacts(self):
        """An ordinary customer, or another company's person, is refused by RPC."""
        Log = self.env["key.account.contact.log"].with_user(self.specialist)
        with self.assertRaisesRegex(ValidationError, "is not a key account"):
            Log.create({"partner_id": self.customer.id, "topic": "x"})
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        with self.assertRaisesRegex(ValidationError, "is not a contact of"):
            Log.create({"partner_id": self.account.id, "contact_id": stranger.id, "topic": "x"})
        self.assertFalse(
            self.env["key.account.contact.log"].search([("partner_id", "=", self.account.id)])
        )

    def test_visibility_follows_the_account(self):
        """A specialist sees only his accounts' logs; support departments read them all."""
        colleague = new_test_user(
            self.env, login="kam_log_colleague", groups="base.group_user," + GROUPS["specialist"]
        )
        log = (
            self.env["key.account.contact.log"]
            .with_user(self.specialist)
            .create({"partner_id": self.account.id, "form": "email", "topic": "Quotation"})
        )
        Log = self.env["key.account.contact.log"]
        self.assertFalse(Log.with_user(colleague).search([("id", "=", log.id)]))
        with self.assertRaises(AccessError):
            Log.with_user(colleague).create({"partner_id": self.account.id, "topic": "x"})
        self.assertEqual(Log.with_user(self.users["cs"]).search([("id", "=", log.id)]), log)
        with self.assertRaises(AccessError):
            log.with_user(self.users["cs"]).write({"topic": "changed"})

    def test_count_is_one_query(self):
        """Counting the entries of many accounts is one grouped query."""
        accounts = self.account | self._make_key_account("Second Logged")
        for account in accounts:
            self.env["key.account.contact.log"].create(
                {"partner_id": account.id, "form": "visit", "topic": "Visit"}
            )
        accounts.invalidate_recordset()
        with self.assertQueryCount(1):
            counts = accounts.mapped("key_account_contact_log_count")
        self.assertEqual(counts, [1, 1])
