from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_sale_approval import SaleApprovalCase


@tagged("post_install", "-at_install")
class TestApprovalRejectWizard(SaleApprovalCase):
    """The reject dialog names the document it rejects; a forged target names nothing
    and is refused on Reject."""

    def test_names_the_document(self):
        """The office manager sees which order he rejects."""
        order = self._order(50_000)
        order.action_approval_request()
        wizard = (
            self.env["key.account.approval.reject"]
            .with_user(self.office_manager)
            .create({"res_model": "sale.order", "res_ids": str([order.id]), "reason": "Price"})
        )
        self.assertEqual(wizard.document_names, order.display_name)

    def test_forged_target_names_nothing(self):
        """A model without approvals: no name shown, and Reject refuses it."""
        wizard = (
            self.env["key.account.approval.reject"]
            .with_user(self.office_manager)
            .create({"res_model": "res.users", "res_ids": "[1]", "reason": "x"})
        )
        self.assertFalse(wizard.document_names)
        with self.assertRaises(UserError):
            wizard.action_reject()
