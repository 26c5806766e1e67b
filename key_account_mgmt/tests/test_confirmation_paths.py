import base64
import json

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.payment.tests.common import PaymentCommon

from .test_sale_approval import SaleApprovalCase
from .test_tours_approval import KeyAccountBuilders

# a 1x1 transparent PNG, as the portal's signature pad sends it
SIGNATURE = base64.b64encode(
    base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
    )
).decode()


@tagged("post_install", "-at_install")
class TestPortalSignature(KeyAccountBuilders, HttpCase):
    """The customer signing online cannot confirm an unapproved key-account order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        roles = ("specialist", "manager", "office", "dept")
        groups = {
            "specialist": "group_kam_specialist",
            "manager": "group_kam_manager",
            "office": "group_office_manager",
            "dept": "group_kam_department",
        }
        users = {
            role: new_test_user(
                cls.env,
                login=f"kam_portal_{role}",
                groups=f"base.group_user,key_account_mgmt.{groups[role]}",
            )
            for role in roles
        }
        cls.specialist, cls.manager, cls.dept = (
            users["specialist"],
            users["manager"],
            users["dept"],
        )
        cls.tier_b = cls.env.ref("key_account_mgmt.key_account_tier_b")
        cls.office = cls.env["crm.team"].create(
            {"name": "Portal Office", "user_id": users["office"].id}
        )
        cls.account = cls._make_key_account("Portal Key Customer")
        product = cls.env["product.product"].create(
            {"name": "Portal Cement", "type": "consu", "list_price": 100, "taxes_id": False}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.account.id,
                "user_id": cls.specialist.id,
                "require_signature": True,
                "require_payment": False,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "price_unit": 50_000, "tax_id": False}
                    )
                ],
            }
        )
        cls.order.action_quotation_sent()

    def _accept(self):
        """POST the portal's signature request; return its JSON-RPC result or error."""
        response = self.url_open(
            f"/my/orders/{self.order.id}/accept",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 0,
                    "params": {
                        "access_token": self.order._portal_ensure_token(),
                        "name": "Li Wei",
                        "signature": SIGNATURE,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        response.raise_for_status()
        return response.json()

    def test_signature_does_not_confirm_unapproved_order(self):
        """Signing is recorded; confirmation is refused until the chain is complete."""
        with mute_logger("odoo.http"):
            answer = self._accept()
        self.assertEqual(answer["error"]["data"]["name"], "odoo.exceptions.UserError")
        self.assertIn("request it first", answer["error"]["data"]["message"])
        self.order.invalidate_recordset()
        self.assertEqual(self.order.state, "sent")
        self.assertEqual(self.order.signed_by, "Li Wei")

    def test_signature_confirms_approved_order(self):
        """Once the chain is complete, the customer's signature confirms as in Odoo."""
        self.order.with_user(self.specialist).action_approval_request()
        for user in (self.env["res.users"].browse(self.office.user_id.id), self.dept, self.dept):
            self.order.with_user(user).action_approval_approve()
        self.assertEqual(self.order.approval_state, "approved")
        answer = self._accept()
        self.assertNotIn("error", answer)
        self.order.invalidate_recordset()
        self.assertEqual(self.order.state, "sale")


@tagged("post_install", "-at_install")
class TestPaymentPath(SaleApprovalCase, PaymentCommon):
    """An online payment cannot confirm an unapproved key-account order."""

    def _paid_transaction(self, order, reference):
        """A done online-payment transaction for the whole order."""
        order.require_payment = True
        self.amount = order.amount_total
        return self._create_transaction(
            flow="redirect",
            sale_order_ids=[order.id],
            state="done",
            partner_id=order.partner_id.id,
            currency_id=order.currency_id.id,
            reference=reference,
        )

    def test_payment_does_not_confirm_unapproved_order(self):
        """The paid transaction is post-processed; the order stays unconfirmed."""
        order = self._order(50_000)
        tx = self._paid_transaction(order, "KAM-PAY-1")
        with self.assertRaisesRegex(UserError, "request it first"):
            tx._post_process()
        self.assertEqual(order.state, "draft")

    def test_payment_confirms_ordinary_order(self):
        """An ordinary customer's paid order is confirmed as in Odoo."""
        order = self._order(50_000, partner=self.customer)
        self._paid_transaction(order, "KAM-PAY-2")._post_process()
        self.assertEqual(order.state, "sale")
