from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common_held_stock import KeyAccountHeldStockCase


@tagged("post_install", "-at_install")
class TestStockRelease(KeyAccountHeldStockCase):
    """A stock release request, approved by the KAM department, lifts a hold."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._put_in_stock(20)
        hold = (
            cls.env["key.account.stock.hold"]
            .with_user(cls.users["office"])
            .create({"partner_id": cls.account.id, "product_id": cls.product.id, "quantity": 8})
        )
        hold.action_hold()
        cls.held = cls.account._key_account_held_location(cls.company, create=False)
        cls.stock = cls.warehouse.lot_stock_id

    def _request(self, qty=5, user=None, reason="Urgent order of another account"):
        user = user or self.users["office"]
        form = Form(self.env["key.account.stock.release"].with_user(user))
        form.partner_id = self.account
        form.product_id = self.product
        form.quantity = qty
        form.reason = reason
        return form.save()

    def test_request_approve_release(self):
        """Office manager requests, the KAM department approves, the goods move back."""
        release = self._request(5)
        self.assertEqual(release.location_id, self.held)
        self.assertEqual(release.location_dest_id, self.stock)
        self.assertEqual(release.held_qty, 8)
        release.action_submit()
        self.assertEqual((release.state, release.approval_state), ("submitted", "pending"))
        # the requester cannot decide, nor can a manager outside the KAM department
        for user in (self.users["office"], self.manager):
            with self.assertRaises(UserError):  # AccessError included
                release.with_user(user).action_approval_approve()
        self.assertTrue(release.with_user(self.dept).approval_can_review)
        release.with_user(self.dept).action_approval_approve()
        self.assertEqual((release.state, release.approval_state), ("approved", "approved"))
        self.assertEqual(release.move_id.state, "done")
        self.assertEqual(self._quantity(self.held), 3)
        self.assertEqual(self._quantity(self.stock), 17)
        self.assertIn("Released: 5.0", release.message_ids[0].body)
        # the rest stays held
        self.assertEqual(self.account.key_account_held_qty, 3)

    def test_reject_needs_reason_and_moves_nothing(self):
        """A rejection needs a reason; rejected, nothing moves."""
        release = self._request(5)
        release.action_submit()
        with self.assertRaisesRegex(UserError, "needs a reason"):
            release.with_user(self.dept).action_approval_reject(reason=" ")
        release.with_user(self.dept).action_approval_reject(reason="Keep it for the account")
        self.assertEqual(release.state, "rejected")
        self.assertEqual(release.rejection_reason, "Keep it for the account")
        self.assertFalse(release.move_id)
        self.assertEqual(self._quantity(self.held), 8)

    def test_cannot_ask_more_than_held(self):
        """Submitting more than is held is refused."""
        release = self._request(9)
        with self.assertRaisesRegex(UserError, "only 8.0 are held"):
            release.action_submit()
        self.assertEqual(release.state, "draft")

    def test_state_and_move_closed_to_rpc(self):
        """No RPC write approves a request or links a move; no one creates it approved."""
        release = self._request(5)
        release.action_submit()
        for user in (self.users["office"], self.dept, self.director, self.stock_manager):
            with self.assertRaisesRegex(UserError, "only through Submit, the approval"):
                release.with_user(user).write({"state": "approved"})
        with self.assertRaisesRegex(UserError, "created as a draft"):
            self.env["key.account.stock.release"].with_user(self.dept).create(
                {
                    "partner_id": self.account.id,
                    "product_id": self.product.id,
                    "quantity": 1,
                    "reason": "x",
                    "state": "approved",
                }
            )
        with self.assertRaisesRegex(UserError, "no longer a draft"):
            release.with_user(self.users["office"]).write({"quantity": 8})
        # a forged release link on a manual move is refused too
        with self.assertRaisesRegex(UserError, "only by the approved request"):
            self.env["stock.move"].with_user(self.stock_user).create(
                {
                    "name": "forged",
                    "product_id": self.product.id,
                    "product_uom_qty": 8,
                    "location_id": self.held.id,
                    "location_dest_id": self.stock.id,
                    "key_account_release_id": release.id,
                }
            )
        self.assertEqual(self._quantity(self.held), 8)

    def test_who_may_request(self):
        """KAM roles and stock managers request releases; others may not."""
        for user in (self.plain_user, self.stock_user, self.users["finance"]):
            with self.assertRaises(AccessError, msg=user.login):
                self.env["key.account.stock.release"].with_user(user).create(
                    {
                        "partner_id": self.account.id,
                        "product_id": self.product.id,
                        "quantity": 1,
                        "reason": "x",
                    }
                )
        release = self._request(2, user=self.stock_manager)
        release.action_submit()
        release.with_user(self.dept).action_approval_approve()
        self.assertEqual(self._quantity(self.held), 6)

    def test_record_rules(self):
        """A specialist outside the account's team does not see its requests."""
        release = self._request(1)
        outsider = new_test_user(
            self.env,
            login="kam_far_release",
            groups="base.group_user,key_account_mgmt.group_kam_specialist",
        )
        Release = self.env["key.account.stock.release"]
        self.assertFalse(Release.with_user(outsider).search([("id", "=", release.id)]))
        self.assertEqual(
            Release.with_user(self.specialist).search([("id", "=", release.id)]), release
        )
        self.assertEqual(Release.with_user(self.manager).search([("id", "=", release.id)]), release)
        self.assertEqual(Release.with_user(self.dept).search([("id", "=", release.id)]), release)
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = Release.sudo().create(
            {
                "partner_id": self.account.id,
                "product_id": self.product.id,
                "quantity": 1,
                "reason": "x",
                "company_id": other_company.id,
            }
        )
        self.assertFalse(Release.with_user(self.director).search([("id", "=", foreign.id)]))
        self.director.company_ids = [(4, other_company.id)]
        self.assertTrue(
            Release.with_user(self.director)
            .with_context(allowed_company_ids=[self.company.id, other_company.id])
            .search([("id", "=", foreign.id)])
        )
