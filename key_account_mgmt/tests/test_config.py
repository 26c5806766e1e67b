from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import KeyAccountCase


@tagged("post_install", "-at_install")
class TestKeyAccountConfig(KeyAccountCase):
    """The KAM director edits the addon's settings without system administration
    rights; the values are validated on the company itself, whatever the route."""

    def test_director_edits_settings(self):
        """A KAM director (no Settings rights) changes the review period and the cap."""
        director = self.director
        self.assertFalse(director.has_group("base.group_system"))
        form = Form(self.env["key.account.config"].with_user(director))
        self.assertEqual(form.review_interval_days, self.company.key_account_review_interval_days)
        form.review_interval_days = 30
        form.acceptance_days = 5
        form.gift_recipient_cap = 3000
        form.save().action_save()
        self.assertEqual(self.company.key_account_review_interval_days, 30)
        self.assertEqual(self.company.key_account_acceptance_days, 5)
        self.assertEqual(self.company.key_account_gift_recipient_cap, 3000)

    def test_values_validated_on_company(self):
        """Zero days is refused from the dialog and from a direct write on the company."""
        config = self.env["key.account.config"].with_user(self.director).create({})
        config.review_interval_days = 0
        with self.assertRaises(ValidationError):
            config.action_save()
        self.assertEqual(self.company.key_account_review_interval_days, 90)
        with self.assertRaises(ValidationError):
            self.company.write({"key_account_review_interval_days": -1})
        with self.assertRaises(ValidationError):
            self.company.write({"key_account_acceptance_days": 0})

    def test_others_refused(self):
        """A KAM manager cannot open it; the director cannot write the company directly,
        nor aim the dialog at a company he does not work for."""
        with self.assertRaises(AccessError):
            self.env["key.account.config"].with_user(self.manager).create({})
        with self.assertRaises(AccessError):
            self.company.with_user(self.director).write({"key_account_review_interval_days": 7})
        other = self.env["res.company"].create({"name": "Other Co"})
        config = (
            self.env["key.account.config"]
            .with_user(self.director)
            .create({"company_id": other.id, "review_interval_days": 7, "acceptance_days": 3})
        )
        with self.assertRaises(AccessError):
            config.action_save()
        self.assertEqual(other.key_account_review_interval_days, 90)
