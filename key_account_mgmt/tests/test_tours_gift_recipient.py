"""Issue 11 item 9: tour of the gift recipient created from the field (desktop)."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .test_tours_approval import KeyAccountBuilders

# Shared with key_account_mgmt/static/tests/tours/key_account_gift_recipient_tour.js.
KEY_ACCOUNT = "KAM Tour No Contact Ltd"
RECIPIENT = "Ms Tour Li Na"
GIFT = "KAM Tour Moon Cakes"


@tagged("post_install", "-at_install")
class TestGiftRecipientTour(KeyAccountBuilders, HttpCase):
    """Issue 11 item 9 at desktop size: the account manager creates the gift's recipient
    from the field, as a key contact of an account that has none yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, name, group):
            return new_test_user(
                cls.env, login=login, name=name, groups=f"base.group_user,key_account_mgmt.{group}"
            )

        cls.specialist = user("kam_i9_am", "KAM Tour Recipient Manager", "group_kam_specialist")
        cls.manager = user("kam_i9_manager", "KAM Tour I9 Manager", "group_kam_manager")
        cls.dept = user("kam_i9_dept", "KAM Tour I9 Department", "group_kam_department")
        office_manager = user("kam_i9_office", "KAM Tour I9 Office Manager", "group_office_manager")
        cls.tier_b = cls.env.ref("key_account_mgmt.key_account_tier_b")
        cls.office = cls.env["crm.team"].create(
            {
                "name": "KAM Tour I9 Office",
                "user_id": office_manager.id,
                "member_ids": [Command.link(cls.manager.id)],
            }
        )
        cls.account = cls._make_key_account(KEY_ACCOUNT)
        cls.gift = cls.env["product.product"].create(
            {"name": GIFT, "type": "consu", "standard_price": 200, "list_price": 260}
        )

    def test_create_recipient_from_gift_request(self):
        """The recipient typed in the field becomes a person of the account and its key
        contact; the request is saved with it."""
        self.assertFalse(self.account.key_contact_ids)
        self.browser_size = "1440x900"
        self.start_tour("/odoo", "key_account_gift_recipient_tour", login=self.specialist.login)
        self.env.invalidate_all()
        request = self.env["key.account.gift.request"].search(
            [("partner_id", "=", self.account.id)]
        )
        self.assertEqual(len(request), 1)
        contact = self.account.key_contact_ids
        self.assertEqual(request.recipient_id, contact)
        self.assertEqual(contact.contact_id.name, RECIPIENT)
        self.assertEqual(contact.contact_id.parent_id, self.account)
        self.assertFalse(contact.contact_id.is_company)
        self.assertEqual(request.product_id, self.gift)
