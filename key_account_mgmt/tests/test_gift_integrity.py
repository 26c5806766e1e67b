from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import GROUPS
from .test_gift_request import GIFT, GiftCase


@tagged("post_install", "-at_install")
class TestGiftIntegrity(GiftCase):
    """Gift requests over RPC: derived figures, key contacts, accounts, deliveries (issue 9)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.far_specialist = new_test_user(
            cls.env, login="kam_far_specialist", groups="base.group_user," + GROUPS["specialist"]
        )
        # an application names its office, with its manager (issue 11)
        cls.far_office = cls.env["crm.team"].create(
            {
                "name": "Far Office",
                "user_id": new_test_user(
                    cls.env,
                    login="kam_far_gift_office",
                    groups="base.group_user," + GROUPS["office"],
                ).id,
            }
        )
        cls.far_account = cls._make_key_account(
            "Far Account", account_manager_id=cls.far_specialist.id, team_id=cls.far_office.id
        )
        cls.far_person = cls.env["res.partner"].create(
            {"name": "Mr Far", "parent_id": cls.far_account.id}
        )

    def _derived_cases(self):
        return (
            ({"amount_total": 10}, "Total Value"),
            ({"manager_id": self.far_specialist.id}, "Account Manager"),
            ({"team_id": self.far_office.id}, "Office"),
            ({"recipient_partner_id": self.li.contact_id.id}, "Recipient Person"),
            ({"committed_amount": 0}, "Gift Expense"),
        )

    def test_derived_fields_refused_on_create(self):
        """Value, account manager, office and recipient person cannot be sent on create."""
        for vals, label in self._derived_cases():
            with self.assertRaisesRegex(AccessError, f"“{label}”.*derived from the key account"):
                self._request(12_000, **vals)
        self.assertFalse(self.env[GIFT].search([("partner_id", "=", self.account.id)]))

    def test_derived_fields_refused_on_write(self):
        """Writing them on a draft is refused; the band, budget and cap see the real figures."""
        self._set_own_budget(50_000)
        self.company.key_account_gift_recipient_cap = 0
        request = self._request(12_000)
        for vals, label in self._derived_cases():
            with self.assertRaisesRegex(AccessError, f"“{label}”.*derived"):
                request.with_user(self.specialist).write(dict(vals, reason="changed"))
        self.assertEqual(
            (request.amount_total, request.manager_id, request.team_id, request.reason),
            (12_000, self.specialist, self.office, "Spring Festival greetings"),
        )
        self.assertEqual(request.recipient_partner_id, self.zhang.contact_id)
        self.assertEqual(self.zhang.contact_id.name, "Mr Zhang")
        request.with_user(self.specialist).action_submit()
        dept, deputy = self.env.ref(GROUPS["dept"]), self.env.ref(GROUPS["deputy"])
        self.assertEqual(self._approvers(request), [("sign", dept), ("approve", deputy)])
        # the account manager does not decide his own account's gift
        self.assertEqual(request.approval_ids.document_user_id, self.specialist)

    def test_recipient_repointed_after_approval_refused(self):
        """A key contact with a granted gift keeps its person: no cap bypass."""
        self._approved(3000, self.zhang)
        zhang_person = self.zhang.contact_id
        other_person = self.env["res.partner"].create(
            {"name": "Mr Ma", "parent_id": self.account.id}
        )
        for vals in ({"contact_id": other_person.id}, {"partner_id": self.customer.id}):
            with self.assertRaisesRegex(UserError, "is the recipient of gift request"):
                self.zhang.with_user(self.specialist).write(vals)
        self.assertEqual(self.zhang.contact_id, zhang_person)
        self.assertEqual(self.zhang.partner_id, self.account)
        # Mr Zhang's total stays his: a second gift beyond the cap is refused
        with self.assertRaisesRegex(UserError, "Mr Zhang would receive gifts"):
            self._submitted(2500, self.zhang)
        # other fields of the contact stay editable
        self.zhang.with_user(self.specialist).write({"influence": "high", "notes": "ok"})
        self.assertEqual(self.zhang.influence, "high")

    def test_key_contact_is_person_of_account(self):
        """A key contact is a person of the same account, on create and on write."""
        Contact = self.env["key.account.contact"].with_user(self.specialist)
        stranger = self.env["res.partner"].create({"name": "Mr Stranger"})
        colleague = self.env["res.partner"].create(
            {"name": "Ms Colleague", "parent_id": self.zhang.contact_id.id}
        )
        with self.assertRaisesRegex(ValidationError, "is not a person of Gift Customer, Mr Zhang"):
            Contact.create({"partner_id": self.zhang.contact_id.id, "contact_id": colleague.id})
        for person in (stranger, self.customer):
            with self.assertRaisesRegex(ValidationError, "is not a person of Gift Customer"):
                Contact.create({"partner_id": self.account.id, "contact_id": person.id})
        with self.assertRaisesRegex(ValidationError, "Mr Stranger is not a person of"):
            self.li.with_user(self.specialist).write({"contact_id": stranger.id})
        self.assertEqual(self.li.contact_id.name, "Ms Li")
        self.assertFalse(
            self.env["key.account.contact"].search([("contact_id", "in", stranger.ids)])
        )

    def test_lines_stay_on_own_office_accounts(self):
        """A specialist cannot move his key contacts, competitors or gifts to another office."""
        competitor = (
            self.env["key.account.competitor"]
            .with_user(self.specialist)
            .create({"partner_id": self.account.id, "name": "Baosteel"})
        )
        with self.assertRaisesRegex(AccessError, "you may not work on Far Account"):
            competitor.with_user(self.specialist).write({"partner_id": self.far_account.id})
        with self.assertRaisesRegex(AccessError, "you may not work on Far Account"):
            self.li.with_user(self.specialist).write(
                {"partner_id": self.far_account.id, "contact_id": self.far_person.id}
            )
        with self.assertRaisesRegex(AccessError, "you may not work on Far Account"):
            self.env["key.account.competitor"].with_user(self.specialist).create(
                {"partner_id": self.far_account.id, "name": "Angang"}
            )
        self.assertEqual(competitor.partner_id, self.account)
        self.assertEqual(self.li.partner_id, self.account)
        self.assertFalse(
            self.env["key.account.competitor"].search([("partner_id", "=", self.far_account.id)])
        )
        request = self._request(500, recipient=self.li)
        far_contact = self.env["key.account.contact"].create(
            {"partner_id": self.far_account.id, "contact_id": self.far_person.id}
        )
        with self.assertRaisesRegex(AccessError, "you may not file gifts for Far Account"):
            request.with_user(self.specialist).write(
                {"partner_id": self.far_account.id, "recipient_id": far_contact.id}
            )
        self.assertEqual(request.partner_id, self.account)

    def test_delivery_quantity_capped(self):
        """An approved gift's delivery cannot issue more than approved, nor another product."""
        request = self._approved(1500)
        picking = request.picking_ids.with_user(self.stock_user)
        picking.move_ids.write({"product_uom_qty": 3})
        with self.assertRaisesRegex(UserError, "would issue 3.0 Units of Tea Gift Box, more than"):
            self._validate(picking)
        other = self.env["product.product"].create({"name": "Wine", "is_storable": True})
        self.env["stock.quant"]._update_available_quantity(other, self.gift_location, 5)
        picking.move_ids.write({"product_uom_qty": 1})
        picking.write(
            {
                "move_ids": [
                    Command.create(
                        {
                            "name": "Wine",
                            "product_id": other.id,
                            "product_uom_qty": 1,
                            "product_uom": other.uom_id.id,
                            "location_id": picking.location_id.id,
                            "location_dest_id": picking.location_dest_id.id,
                        }
                    )
                ]
            }
        )
        with self.assertRaisesRegex(UserError, "may issue only Tea Gift Box"):
            self._validate(picking)
        self.assertNotEqual(picking.state, "done")
        self.assertEqual(request.state, "approved")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.gift, self.gift_location), 99
        )
        picking.move_ids.filtered(lambda m: m.product_id == other).sudo()._action_cancel()
        gift_move = picking.move_ids.filtered(lambda m: m.product_id == self.gift)
        gift_move.write({"quantity": 1, "picked": True})
        picking.button_validate()
        self.assertEqual(request.state, "issued")

    def test_partial_delivery_keeps_the_gift(self):
        """A backorder stays the gift's delivery; the total issued is the approved quantity."""
        request = self._approved(500, quantity=2)
        picking = request.picking_ids.with_user(self.stock_user)
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        action = picking.button_validate()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.stock_user)
            .with_context(**action["context"])
        ).save()
        wizard.process()
        backorder = request.picking_ids - picking
        self.assertEqual(len(backorder), 1)
        self.assertEqual(request.state, "approved")
        backorder.with_user(self.stock_user).move_ids.quantity = 2
        with self.assertRaisesRegex(UserError, "would issue 3.0 Units"):
            backorder.with_user(self.stock_user).button_validate()
        self._validate(backorder)
        self.assertEqual(request.state, "issued")

    def test_other_office_cannot_cancel_or_link_delivery(self):
        """Another office's specialist neither cancels, validates nor links a gift delivery."""
        request = self._approved(1500)
        picking = request.picking_ids
        as_far = picking.with_user(self.far_specialist)
        # refused by the office rules on transfers (issue 9 reads), and else by the gift's
        # own check ("... delivers a gift of another account")
        with self.assertRaises(AccessError):
            as_far.action_cancel()
        with self.assertRaises(AccessError):
            as_far.button_validate()
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(request.state, "approved")
        own = (
            self.env["stock.picking"]
            .with_user(self.far_specialist)
            .create(
                {
                    "picking_type_id": picking.picking_type_id.id,
                    "location_id": picking.location_id.id,
                    "location_dest_id": picking.location_dest_id.id,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "cannot be linked to a gift request by hand"):
            own.write({"key_account_gift_request_id": request.id})
        # a copy (even one calling itself a backorder) is not the gift's delivery
        duplicate = picking.with_user(self.specialist).copy({"backorder_id": picking.id})
        self.assertFalse(duplicate.key_account_gift_request_id)
        with self.assertRaisesRegex(UserError, "cannot be linked to a gift request by hand"):
            self.env["stock.picking"].with_user(self.far_specialist).create(
                {
                    "picking_type_id": picking.picking_type_id.id,
                    "location_id": picking.location_id.id,
                    "location_dest_id": picking.location_dest_id.id,
                    "key_account_gift_request_id": request.id,
                }
            )
        self.assertEqual(request.picking_ids, picking)
        # the account's own specialist may cancel it: the request follows
        picking.with_user(self.specialist).action_cancel()
        self.assertEqual(request.state, "cancelled")

    def test_gift_actions_reject_bad_arguments(self):
        """Public gift actions called with unknown arguments give a clean error."""
        request = self._request(500)
        for method in ("action_submit", "action_cancel", "action_view_pickings"):
            with self.assertRaisesRegex(UserError, "unknown argument"):
                getattr(request.with_user(self.specialist), method)(force=True)
        self.assertEqual(request.state, "draft")

    def test_archive_line_company_not_writable(self):
        """The company of a key contact or competitor follows its account (record rules)."""
        competitor = (
            self.env["key.account.competitor"]
            .with_user(self.specialist)
            .create({"partner_id": self.account.id, "name": "Baosteel"})
        )
        for line in (competitor, self.li):
            with self.assertRaisesRegex(AccessError, "“Company”.*computed by the application"):
                line.with_user(self.specialist).write({"company_id": False})
        with self.assertRaisesRegex(AccessError, "“Influence Sequence”.*computed by the app"):
            self.li.with_user(self.specialist).write({"influence_sequence": 0})
        self.assertEqual(competitor.company_id, self.account.company_id)

    def test_recipient_checked_again_on_submit(self):
        """A draft's key contact moved to another account stops the submission."""
        request = self._request(500, recipient=self.li)
        second = self._make_key_account("Second Gift Account")
        person = self.env["res.partner"].create({"name": "Ms Second", "parent_id": second.id})
        self.li.with_user(self.specialist).write({"partner_id": second.id, "contact_id": person.id})
        with self.assertRaisesRegex(ValidationError, "is not a key contact of Gift Customer"):
            request.with_user(self.specialist).action_submit()
        self.assertEqual(request.state, "draft")
        self.assertFalse(request.approval_ids)

    def test_issued_only_by_the_delivery(self):
        """A forged transfer state does not make a gift issued over RPC."""
        request = self._approved(1500)
        picking = request.picking_ids
        picking.with_user(self.specialist).write({"state": "done"})
        with self.assertRaisesRegex(UserError, "issued when its delivery"):
            request.with_user(self.specialist).write({"state": "issued"})
        self.assertEqual(request.state, "approved")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.gift, self.gift_location), 99
        )
