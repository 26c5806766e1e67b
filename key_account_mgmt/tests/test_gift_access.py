from datetime import date

from odoo import Command, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import GROUPS
from .test_gift_request import GIFT, GiftCase


@tagged("post_install", "-at_install")
class TestGiftAccess(GiftCase):
    """Who sees and changes gift requests: the account's team, the office, the departments."""

    def test_visibility_follows_the_account(self):
        """A specialist sees only his accounts' requests; finance reads all; cs nothing."""
        request = self._request(500)
        colleague = new_test_user(
            self.env, login="kam_gift_colleague", groups="base.group_user," + GROUPS["specialist"]
        )
        Gift = self.env[GIFT]
        self.assertFalse(Gift.with_user(colleague).search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            request.with_user(colleague).read(["name"])
        with self.assertRaises(AccessError):
            self._request(500, user=colleague)
        for user in (self.specialist, self.office_manager, self.manager, self.dept, self.deputy):
            self.assertEqual(Gift.with_user(user).search([("id", "=", request.id)]), request)
        self.assertEqual(Gift.with_user(self.finance).search([("id", "=", request.id)]), request)
        with self.assertRaises(AccessError):
            request.with_user(self.finance).write({"reason": "changed"})
        with self.assertRaises(AccessError):
            Gift.with_user(self.users["cs"]).search([])
        far_manager = new_test_user(
            self.env, login="kam_gift_far_manager", groups="base.group_user," + GROUPS["manager"]
        )
        self.assertFalse(Gift.with_user(far_manager).search([("id", "=", request.id)]))

    def test_only_drafts_deleted(self):
        """Drafts and cancelled requests may be deleted (by a manager), others not."""
        draft = self._request(500)
        with self.assertRaises(AccessError):
            draft.with_user(self.specialist).unlink()
        submitted = self._submitted(500, self.li)
        with self.assertRaisesRegex(UserError, "only draft or cancelled documents can be deleted"):
            submitted.with_user(self.manager).unlink()
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())

    def test_other_company(self):
        """Another company's requests are invisible, even to a director, until he is in it."""
        other_company = self.env["res.company"].create({"name": "Gift Other Co"})
        request = self.env[GIFT].create(
            {
                "partner_id": self.account.id,
                "recipient_id": self.zhang.id,
                "product_id": self.gift.id,
                "unit_value": 100,
                "reason": "x",
                "company_id": other_company.id,
            }
        )
        Gift = self.env[GIFT].with_user(self.director)
        self.assertFalse(Gift.search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            request.with_user(self.director).read(["name"])
        self.director.company_ids = [Command.link(other_company.id)]
        self.assertEqual(
            Gift.with_context(allowed_company_ids=[self.company.id, other_company.id]).search(
                [("id", "=", request.id)]
            ),
            request,
        )
        # that company has no gift rules: its requests cannot be submitted
        with self.assertRaisesRegex(UserError, "no approval rule covers"):
            request.action_submit()

    def test_approver_without_stock_rights(self):
        """The office manager has no stock rights, yet his approval creates the delivery."""
        self.assertFalse(self.office_manager.has_group("stock.group_stock_user"))
        request = self._submitted(500)
        request.with_user(self.office_manager).action_approval_approve()
        self.assertEqual(request.picking_ids.state, "assigned")


@tagged("post_install", "-at_install")
class TestGiftExpense(GiftCase):
    """The gift expense per account, manager and date, for the commercial-expense KPI."""

    def test_expense_read_group(self):
        """Approved and issued gifts aggregate by account, manager and month; others count 0."""
        self.company.key_account_gift_recipient_cap = 0
        self._approved(1000, date=date(self.year, 3, 5))
        issued = self._approved(2000, self.li, date=date(self.year, 3, 20))
        self._validate(issued.picking_ids)
        self._approved(500, date=date(self.year, 4, 1)).action_cancel()
        self._submitted(700, date=date(self.year, 4, 2))
        self._request(300, date=date(self.year, 4, 3))
        groups = (
            self.env[GIFT]
            .with_user(self.finance)
            ._read_group(
                [("partner_id", "=", self.account.id)],
                ["partner_id", "manager_id", "date:month"],
                ["committed_amount:sum"],
            )
        )
        self.assertEqual(
            [(p, m, d.month, amount) for p, m, d, amount in groups],
            [
                (self.account, self.specialist, 3, 3000),
                (self.account, self.specialist, 4, 0),
            ],
        )

    def test_manager_kept_at_request_time(self):
        """Reassigning the account later does not move its past gifts to the new manager."""
        request = self._approved(1000)
        self.account.with_user(self.dept).key_account_manager_id = self.manager
        request.invalidate_recordset()
        self.assertEqual(request.sudo().manager_id, self.specialist)
        self.assertEqual(self._request(200, self.li, user=self.manager).manager_id, self.manager)

    def test_partner_counts_in_one_query(self):
        """The smart button and the year's use cost the same for 1 or 3 accounts."""
        accounts = self.account
        for name in ("Gift Two", "Gift Three"):
            account = self._make_key_account(name)
            accounts |= account
            contact = self._key_contact(account, f"Contact of {name}")
            self._request(100, contact, partner_id=account.id)
        self._approved(1000)

        def measure(partners, limit=10_000):
            partners = partners.with_user(self.specialist)
            self.env.invalidate_all()
            with self.assertQueryCount(default=limit):
                before = sql_db.sql_counter
                values = partners.mapped("key_account_gift_request_count")
                queries = sql_db.sql_counter - before
            return values, queries

        measure(accounts)  # warm-up: record rules, groups, company of the user
        one, one_queries = measure(self.account, limit=7)
        three, three_queries = measure(accounts, limit=7)
        self.assertEqual((one, three), ([1], [1, 1, 1]))
        self.assertEqual(one_queries, three_queries, "no query per account")
        self.assertEqual(
            accounts.with_user(self.specialist).mapped("key_account_gift_used"), [1000, 0, 0]
        )
        action = self.account.with_user(self.specialist).action_view_key_account_gift_requests()
        self.assertEqual(len(self.env[GIFT].search(action["domain"])), 1)


@tagged("post_install", "-at_install")
class TestGiftLocation(GiftCase):
    """The gift stock location: configurable, and named when missing (moved from
    TestGiftRequest)."""

    def test_gift_location_configurable(self):
        """Each company has an internal 'Gifts' location; Settings may choose another."""
        self.assertEqual(self.gift_location.usage, "internal")
        self.assertEqual(self.gift_location.company_id, self.company)
        self.assertEqual(self.gift_location.warehouse_id.company_id, self.company)
        new_company = self.env["res.company"].create({"name": "Gift Co 2"})
        self.assertEqual(new_company.key_account_gift_location_id.usage, "internal")
        self.assertEqual(new_company.key_account_gift_location_id.company_id, new_company)
        with self.assertRaisesRegex(ValidationError, "is not an internal stock location"):
            self.company.key_account_gift_location_id = self.env.ref(
                "stock.stock_location_customers"
            )
        shelf = self.env["stock.location"].create(
            {"name": "Gift Shelf", "usage": "internal", "location_id": self.gift_location.id}
        )
        settings = Form(self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")))
        settings.key_account_gift_location_id = shelf
        settings.save().execute()
        self.assertEqual(self.company.key_account_gift_location_id, shelf)
        self.env["stock.quant"]._update_available_quantity(self.gift, shelf, 5)
        request = self._approved(500)
        self.assertEqual(request.picking_ids.location_id, shelf)

    def test_no_gift_location(self):
        """Without a gift location the approval says where to set it, and nothing is saved."""
        self.company.key_account_gift_location_id = False
        request = self._submitted(500)
        with self.assertRaisesRegex(UserError, "Gift Stock Location: .* has none"):
            request.with_user(self.office_manager).action_approval_approve()
        self.assertEqual(request.state, "to_approve")
        self.assertEqual(request.approval_ids.state, "pending")
