import re
from datetime import date

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import GROUPS, KeyAccountCase

GIFT = "key.account.gift.request"


class GiftCase(KeyAccountCase):
    """A key account of tier B (budget 10,000) with two key contacts and a gift in stock."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.office_manager = cls.users["office"]
        cls.deputy = cls.users["deputy"]
        cls.finance = cls.users["finance"]
        # the specialist is its account manager, Test Office (led by the office user) its office
        cls.account = cls._make_key_account("Gift Customer")
        cls.zhang = cls._key_contact(cls.account, "Mr Zhang")
        cls.li = cls._key_contact(cls.account, "Ms Li")
        cls.gift = cls.env["product.product"].create(
            {
                "name": "Tea Gift Box",
                "type": "consu",
                "is_storable": True,
                "standard_price": 500,
                "list_price": 800,
            }
        )
        cls.currency = cls.company.currency_id
        cls.company.key_account_gift_recipient_cap = 5000
        cls.gift_location = cls.company.key_account_gift_location_id
        cls.env["stock.quant"]._update_available_quantity(cls.gift, cls.gift_location, 100)
        cls.stock_user = new_test_user(
            cls.env, login="kam_stock", groups="base.group_user,stock.group_stock_user"
        )
        cls.year = fields.Date.context_today(cls.account).year

    @classmethod
    def _key_contact(cls, account, name):
        person = cls.env["res.partner"].create({"name": name, "parent_id": account.id})
        return cls.env["key.account.contact"].create(
            {"partner_id": account.id, "contact_id": person.id, "role": "decision_maker"}
        )

    def _request(self, value=500.0, recipient=None, user=None, **vals):
        """A draft request of the account's specialist (RPC-style create)."""
        return (
            self.env[GIFT]
            .with_user(user or self.specialist)
            .create(
                {
                    "partner_id": self.account.id,
                    "recipient_id": (recipient or self.zhang).id,
                    "product_id": self.gift.id,
                    "quantity": 1,
                    "unit_value": value,
                    "occasion": "spring_festival",
                    "reason": "Spring Festival greetings",
                    **vals,
                }
            )
        )

    def _approvers(self, request):
        """Who decides each step of the request's current chain, in order."""
        return [
            (s.kind, s.approver_user_id or s.approver_group_id)
            for s in request.approval_ids.filtered("current").sorted("sequence")
        ]

    def _approve(self, request):
        """Decide every step of the chain as the user who holds it."""
        deciders = {
            self.env.ref(GROUPS["dept"]): self.dept,
            self.env.ref(GROUPS["deputy"]): self.deputy,
        }
        for _kind, holder in self._approvers(request):
            user = deciders.get(holder, holder)
            request.with_user(user).action_approval_approve()
        self.assertEqual(request.state, "approved")
        return request

    def _submitted(self, value, recipient=None, **vals):
        request = self._request(value, recipient, **vals)
        request.action_submit()
        return request

    def _approved(self, value, recipient=None, **vals):
        return self._approve(self._submitted(value, recipient, **vals))

    def _fmt(self, amount):
        return re.escape(self.currency.format(amount))

    def _set_own_budget(self, amount):
        self.account.with_user(self.dept).write(
            {"key_account_gift_budget_custom": True, "key_account_gift_budget_own": amount}
        )

    def _validate(self, picking):
        picking = picking.with_user(self.stock_user)
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        picking.button_validate()


@tagged("post_install", "-at_install")
class TestGiftRequest(GiftCase):
    """Gift requests (礼品馈赠申请表): filing, approval bands, budget, cap, issue (S5)."""

    def test_form_defaults_and_submit(self):
        """The specialist fills the form: the value comes from the cost; Submit starts the chain."""
        form = Form(self.env[GIFT].with_user(self.specialist))
        form.partner_id = self.account
        form.recipient_id = self.zhang
        form.product_id = self.gift
        self.assertEqual(form.unit_value, 500, "the product's cost")
        form.quantity = 3
        self.assertEqual(form.amount_total, 1500)
        form.occasion = "mid_autumn"
        form.reason = "Mid-Autumn moon cakes for the purchasing director"
        self.assertEqual(form.gift_budget, 10000, "tier B's yearly gift budget")
        self.assertEqual(form.gift_budget_remaining, 10000)
        self.assertEqual(form.recipient_cap, 5000)
        request = form.save()
        self.assertTrue(request.name.startswith("KGR/"))
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.user_id, self.specialist)
        self.assertEqual((request.manager_id, request.team_id), (self.specialist, self.office))
        self.assertEqual(request.committed_amount, 0)
        request.action_submit()
        self.assertEqual(request.state, "to_approve")
        self.assertEqual(request.approval_state, "pending")
        self.assertEqual(self._approvers(request), [("approve", self.office_manager)])
        self.assertEqual(request.activity_ids.user_id, self.office_manager)
        self.assertTrue(request.with_user(self.office_manager).approval_can_review)
        self.assertFalse(request.with_user(self.specialist).approval_can_review)

    def test_value_from_list_price_without_cost(self):
        """Without a cost the unit value is the sales price, in company currency."""
        book = self.env["product.product"].create(
            {"name": "Calligraphy Book", "type": "consu", "list_price": 320}
        )
        form = Form(self.env[GIFT].with_user(self.specialist))
        form.partner_id = self.account
        form.recipient_id = self.li
        form.product_id = book
        form.reason = "Thanks for the site visit"
        self.assertEqual(form.unit_value, 320)
        self.assertEqual(form.save().amount_total, 320)

    def test_band_edges(self):
        """2,000 / 2,000.01 / 10,000 / 10,000.01 select exactly one band each."""
        self._set_own_budget(100_000)
        self.company.key_account_gift_recipient_cap = 0  # no cap
        dept, deputy = self.env.ref(GROUPS["dept"]), self.env.ref(GROUPS["deputy"])
        expected = {
            2000: ("approval_rule_gift_small", [("approve", self.office_manager)]),
            2000.01: ("approval_rule_gift_medium", [("approve", dept)]),
            10000: ("approval_rule_gift_medium", [("approve", dept)]),
            10000.01: ("approval_rule_gift_large", [("sign", dept), ("approve", deputy)]),
        }
        for amount, (xmlid, chain) in expected.items():
            request = self._submitted(amount)
            self.assertEqual(request.amount_total, amount)
            self.assertEqual(
                request.approval_ids.rule_id, self.env.ref(f"key_account_mgmt.{xmlid}"), amount
            )
            self.assertEqual(self._approvers(request), chain, amount)

    def test_approval_issues_the_gift(self):
        """The office manager approves; a delivery from the gift stock issues the gift."""
        request = self._submitted(1500)
        request.with_user(self.office_manager).action_approval_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.committed_amount, 1500)
        self.assertFalse(request.activity_ids, "the decision closes the approver's to-do")
        picking = request.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.location_id, self.gift_location)
        self.assertEqual(picking.location_dest_id, self.env.ref("stock.stock_location_customers"))
        self.assertEqual(picking.partner_id, self.zhang.contact_id)
        self.assertEqual(picking.picking_type_id.code, "outgoing")
        self.assertEqual(picking.origin, request.name)
        self.assertEqual(
            (picking.move_ids.product_id, picking.move_ids.product_uom_qty), (self.gift, 1)
        )
        self.assertEqual(picking.state, "assigned", "reserved in the gift stock")
        # the smart button, as the specialist
        self.assertEqual(request.with_user(self.specialist).picking_count, 1)
        action = request.with_user(self.specialist).action_view_pickings()
        self.assertEqual(action["res_id"], picking.id)
        # the account shows the budget used
        self.assertEqual(self.account.with_user(self.specialist).key_account_gift_used, 1500)
        self.assertEqual(self.account.with_user(self.specialist).key_account_gift_remaining, 8500)
        # a second click on Approve finds nothing to decide
        with self.assertRaisesRegex(UserError, "has no step waiting for a decision"):
            request.with_user(self.office_manager).action_approval_approve()
        # the warehouse validates the delivery: the gift is issued
        self._validate(picking)
        self.assertEqual(picking.state, "done")
        self.assertEqual(request.state, "issued")
        self.assertEqual(request.committed_amount, 1500, "an issued gift stays spent")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.gift, self.gift_location), 99
        )

    def test_large_gift_needs_department_and_deputy(self):
        """Above 10,000: the department signs, then the deputy sales director approves."""
        self._set_own_budget(50_000)
        self.company.key_account_gift_recipient_cap = 0
        request = self._submitted(12_000)
        with self.assertRaisesRegex(AccessError, "you are not one of its approvers"):
            request.with_user(self.deputy).action_approval_approve()
        request.with_user(self.dept).action_approval_approve()
        self.assertEqual(request.state, "to_approve", "signed, not yet approved")
        self.assertFalse(request.picking_ids)
        with self.assertRaisesRegex(AccessError, "you are not one of its approvers"):
            request.with_user(self.dept).action_approval_approve()
        request.with_user(self.deputy).action_approval_approve()
        self.assertEqual(request.state, "approved")
        self.assertEqual(len(request.picking_ids), 1)

    def test_budget_refused_on_submit(self):
        """Beyond the remaining yearly budget the submission is refused, naming the amounts."""
        self._approved(4000, self.zhang)
        self._approved(4000, self.li)
        wang = self._key_contact(self.account, "Mr Wang")
        request = self._request(2500, wang)
        message = (
            f"Gift budget of Gift Customer exceeded: its {self.year} budget is "
            f"{self._fmt(10000)}, {self._fmt(8000)} is used, and {self._fmt(2500)} is "
            f"requested \\(remaining {self._fmt(2000)}\\)."
        )
        with self.assertRaisesRegex(UserError, message):
            request.action_submit()
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.approval_ids, "nothing half-written")
        # the script path: the same refusal
        with self.assertRaisesRegex(UserError, message):
            request.write({"state": "to_approve"})
        self.assertEqual(request.state, "draft")
        # exactly the remaining 2,000 passes
        request.unit_value = 2000
        request.action_submit()
        self.assertEqual(request.state, "to_approve")

    def test_budget_checked_again_on_approval(self):
        """Two requests that each fit: the second approval finds the budget spent."""
        self.company.key_account_gift_recipient_cap = 0
        first = self._submitted(6000, self.zhang)
        second = self._submitted(6000, self.li)
        self._approve(first)
        with self.assertRaisesRegex(UserError, "Gift budget of Gift Customer exceeded"):
            second.with_user(self.dept).action_approval_approve()
        self.assertEqual(second.state, "to_approve")
        self.assertEqual(second.approval_ids.state, "pending", "the decision is not recorded")
        self.assertFalse(second.picking_ids)

    def test_budget_per_calendar_year(self):
        """Only gifts dated in the same calendar year use the budget."""
        self.company.key_account_gift_recipient_cap = 0
        self._approved(8000, date=date(2025, 12, 31))
        next_year = self._submitted(9000, self.li, date=date(2026, 1, 1))
        self.assertEqual(next_year.gift_budget_used, 0)
        self.assertEqual(next_year.state, "to_approve")
        same_year = self._request(3000, self.li, date=date(2025, 6, 1))
        self.assertEqual(same_year.gift_budget_used, 8000)
        self.assertEqual(same_year.gift_budget_remaining, 2000)
        with self.assertRaisesRegex(UserError, "its 2025 budget"):
            same_year.action_submit()

    def test_own_budget_overrides_tier(self):
        """The KAM department gives an account its own budget; others may not."""
        with self.assertRaisesRegex(AccessError, "only the KAM department"):
            self.account.with_user(self.specialist).write(
                {"key_account_gift_budget_custom": True, "key_account_gift_budget_own": 50_000}
            )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._set_own_budget(-1)
        self._set_own_budget(3000)
        self.assertEqual(self.account.with_user(self.specialist).key_account_gift_budget, 3000)
        with self.assertRaisesRegex(UserError, f"budget is {self._fmt(3000)}"):
            self._submitted(3500)
        self.account.with_user(self.dept).key_account_gift_budget_custom = False
        self.assertEqual(self.account.with_user(self.specialist).key_account_gift_budget, 10000)

    def test_recipient_cap(self):
        """A person's yearly cap is refused with his name, the cap and the amount."""
        self._approved(3000, self.zhang)
        request = self._request(2500, self.zhang)
        message = (
            f"Recipient Gift Customer, Mr Zhang would receive gifts of {self._fmt(5500)} "
            f"in {self.year} "
            f"\\({self._fmt(3000)} already given\\), above the yearly cap of "
            f"{self._fmt(5000)} per recipient."
        )
        with self.assertRaisesRegex(UserError, message):
            request.action_submit()
        with self.assertRaisesRegex(UserError, message):
            request.write({"state": "to_approve"})
        self.assertEqual(request.state, "draft")
        self.assertEqual(request.recipient_given, 3000)
        # up to the cap exactly is allowed; another person has his own cap
        request.unit_value = 2000
        request.action_submit()
        self._submitted(2500, self.li)

    def test_recipient_cap_in_settings(self):
        """The cap is a company setting; 0 switches it off."""
        settings = Form(self.env["res.config.settings"].with_user(self.env.ref("base.user_admin")))
        settings.key_account_gift_recipient_cap = 1000
        settings.save().execute()
        self.assertEqual(self.company.key_account_gift_recipient_cap, 1000)
        with self.assertRaisesRegex(UserError, f"yearly cap of {self._fmt(1000)} per recipient"):
            self._submitted(1200)
        self.company.key_account_gift_recipient_cap = 0
        self.assertEqual(self._submitted(1200).state, "to_approve")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.company.key_account_gift_recipient_cap = -5

    def test_cancel_approved_releases_budget(self):
        """Cancelling an approved, unissued gift cancels its delivery and frees its budget."""
        request = self._approved(1500)
        picking = request.picking_ids
        self.assertEqual(self.account.key_account_gift_used, 1500)
        request.with_user(self.specialist).action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(picking.state, "cancel")
        self.assertEqual(request.committed_amount, 0)
        self.account.invalidate_recordset()
        self.assertEqual(self.account.key_account_gift_used, 0)
        self.assertEqual(self.account.key_account_gift_remaining, 10000)

    def test_issued_gift_cannot_be_cancelled(self):
        """Once the gift has left the stock, it stays issued and spent."""
        request = self._approved(1500)
        self._validate(request.picking_ids)
        with self.assertRaisesRegex(UserError, "cannot go from Issued to Cancelled"):
            request.with_user(self.specialist).action_cancel()
        self.assertEqual(request.state, "issued")

    def test_warehouse_cancels_delivery(self):
        """A delivery cancelled in the warehouse cancels the request and frees the budget."""
        request = self._approved(1500)
        request.picking_ids.with_user(self.stock_user).action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.committed_amount, 0)

    def test_cancel_during_approval(self):
        """Cancelling a request in approval cancels its steps and the approvers' to-dos."""
        request = self._submitted(1500)
        request.with_user(self.specialist).action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.assertEqual(request.approval_ids.state, "cancelled")
        self.assertFalse(request.activity_ids)
        with self.assertRaisesRegex(UserError, "has no step waiting"):
            request.with_user(self.office_manager).action_approval_approve()

    def test_no_shortcut_by_rpc(self):
        """Creating or writing a later state, or changing a submitted request, is refused."""
        with self.assertRaisesRegex(UserError, "created as a draft"):
            self._request(500, state="approved")
        request = self._request(500)
        with self.assertRaisesRegex(UserError, "cannot go from Draft to Approved"):
            request.write({"state": "approved"})
        request.action_submit()
        with self.assertRaisesRegex(UserError, "cannot go on before its approval is complete"):
            request.write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "cannot go from Awaiting Approval to Issued"):
            request.write({"state": "issued"})
        with self.assertRaisesRegex(UserError, "only be changed while it is a draft"):
            request.write({"unit_value": 100})
        with self.assertRaisesRegex(UserError, "recorded by a rejection only"):
            request.write({"rejection_reason": "x"})
        self.assertEqual(request.state, "to_approve")
        self.assertEqual(request.amount_total, 500)
        self._approve(request)
        with self.assertRaisesRegex(UserError, "issued when its delivery"):
            request.with_user(self.specialist).write({"state": "issued"})
        self.assertEqual(request.state, "approved")

    def test_double_submit(self):
        """A second Submit (double click, or a replayed RPC) is refused; one chain only."""
        request = self._request(500)
        request.action_submit()
        with self.assertRaisesRegex(UserError, "is already Awaiting Approval"):
            request.action_submit()
        self.assertEqual(len(request.approval_ids), 1)
        self.assertEqual(len(request.activity_ids), 1)

    def test_reject_needs_reason(self):
        """An RPC rejection without a reason is refused; with one it goes through the engine."""
        request = self._submitted(500)
        with self.assertRaisesRegex(UserError, "needs a reason"):
            request.with_user(self.office_manager).write({"state": "rejected"})
        with self.assertRaisesRegex(AccessError, "your own document"):
            request.with_user(self.specialist).write(
                {"state": "rejected", "rejection_reason": "Too much"}
            )
        request.with_user(self.office_manager).write(
            {"state": "rejected", "rejection_reason": "Not during the tender period."}
        )
        self.assertEqual(request.state, "rejected")
        self.assertEqual(request.rejection_reason, "Not during the tender period.")
        self.assertEqual(request.approval_ids.state, "rejected")
        self.assertEqual(request.approval_ids.decided_by_id, self.office_manager)
        self.assertEqual(request.committed_amount, 0)
        # the wizard of the Reject button
        other = self._submitted(400, self.li)
        action = other.with_user(self.office_manager).action_approval_reject()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.office_manager)
            .with_context(**action["context"])
        )
        wizard.reason = "Gift policy during the audit."
        wizard.save().action_reject()
        self.assertEqual(other.state, "rejected")
        self.assertEqual(other.rejection_reason, "Gift policy during the audit.")

    def test_self_approval_refused(self):
        """The requester and the account manager never approve the request themselves."""
        # the office manager files a gift for an account of his office: the office step is his
        request = self._submitted(500, user=self.office_manager)
        self.assertEqual(self._approvers(request), [("approve", self.office_manager)])
        with self.assertRaisesRegex(AccessError, "your own document"):
            request.with_user(self.office_manager).action_approval_approve()
        self.assertEqual(request.state, "to_approve")
        # a department user who is the account manager cannot approve its gifts
        dept_account = self._make_key_account("Dept Managed", account_manager_id=self.dept.id)
        contact = self._key_contact(dept_account, "Ms Chen")
        request = self._submitted(
            3000, contact, user=self.office_manager, partner_id=dept_account.id
        )
        self.assertEqual(request.manager_id, self.dept)
        with self.assertRaisesRegex(AccessError, "your own document"):
            request.with_user(self.dept).action_approval_approve()
        dept2 = new_test_user(self.env, login="kam_gift_dept2", groups=GROUPS["dept"])
        request.with_user(dept2).action_approval_approve()
        self.assertEqual(request.state, "approved")

    def test_account_and_recipient_checked(self):
        """Only key accounts, and only their own key contacts, receive gifts."""
        with self.assertRaisesRegex(ValidationError, "is not a key account"):
            self.env[GIFT].create(
                {
                    "partner_id": self.customer.id,
                    "recipient_id": self.zhang.id,
                    "product_id": self.gift.id,
                    "reason": "x",
                }
            )
        other_account = self._make_key_account("Other Gift Account")
        stranger = self._key_contact(other_account, "Mr Zhao")
        with self.assertRaisesRegex(
            ValidationError, "Mr Zhao is not a key contact of Gift Customer"
        ):
            self._request(500, stranger)
        with self.assertRaisesRegex(ValidationError, "Quantity of gift request"):
            self._request(500, quantity=0)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._request(-1)
        with self.assertRaisesRegex(UserError, "needs a value above zero"):
            self._request(0).action_submit()
        self.assertFalse(self.env[GIFT].search([("partner_id", "=", self.account.id)]))
