from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import GROUPS
from .test_sale_approval import SaleApprovalCase


@tagged("post_install", "-at_install")
class TestOfficeManagerOrders(SaleApprovalCase):
    """An office manager signs and reads the orders of his own office's key accounts,
    never another office's (he has no Sales / All Documents any more)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.far_manager = new_test_user(
            cls.env,
            login="kam_far_office",
            groups="base.group_user," + GROUPS["office"],
            name="Far Office Manager",
        )
        cls.far_office = cls.env["crm.team"].create(
            {"name": "Far Office", "user_id": cls.far_manager.id}
        )
        cls.far_account = cls._make_key_account("Far Customer", team_id=cls.far_office.id)

    def test_group_has_no_all_documents(self):
        """The office manager's group does not bring Sales / All Documents."""
        self.assertFalse(self.office_manager.has_group("sales_team.group_sale_salesman_all_leads"))

    def test_signs_own_office_order(self):
        """He reads and signs an order of his office's key account (not his own order)."""
        order = self._order(50_000)
        order.action_approval_request()
        as_office = order.with_user(self.office_manager)
        self.assertEqual(as_office.read(["name"])[0]["name"], order.name)
        as_office.action_approval_approve()
        signed = order.approval_ids.filtered(lambda s: s.state == "done")
        self.assertEqual(signed.decided_by_id, self.office_manager)

    def test_other_office_order_invisible(self):
        """Another office's key-account order is neither found nor read nor decided."""
        order = self._order(50_000, partner=self.far_account)
        order.action_approval_request()
        Order = self.env["sale.order"].with_user(self.office_manager)
        self.assertNotIn(order, Order.search([("partner_id", "=", self.far_account.id)]))
        with self.assertRaises(AccessError):
            order.with_user(self.office_manager).read(["amount_total"])
        with self.assertRaises(AccessError):
            order.with_user(self.office_manager).action_approval_approve()
        # its own office manager decides it
        order.with_user(self.far_manager).action_approval_approve()
        signed = order.approval_ids.filtered(lambda s: s.state == "done")
        self.assertEqual(signed.decided_by_id, self.far_manager)
