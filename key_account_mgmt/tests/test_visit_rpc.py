from odoo import Command, fields
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .test_tours_visit import make_visit_tour_account


@tagged("post_install", "-at_install")
class TestVisitRpc(HttpCase):
    """Issue 10 over real JSON-RPC: old context keys lift nothing, SQL checks answer with a
    ValidationError, the buttons work."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.specialist = new_test_user(
            cls.env,
            login="kam_rpc_visit_specialist",
            groups="base.group_user,key_account_mgmt.group_kam_specialist",
        )
        cls.manager = new_test_user(
            cls.env,
            login="kam_rpc_visit_manager",
            groups="base.group_user,key_account_mgmt.group_kam_manager",
        )
        dept = new_test_user(
            cls.env,
            login="kam_rpc_visit_dept",
            groups="base.group_user,key_account_mgmt.group_kam_department",
        )
        cls.account, _person, _contact = make_visit_tour_account(
            cls.env, cls.specialist, cls.manager, dept
        )
        cls.visit = (
            cls.env["key.account.visit"]
            .with_user(cls.specialist)
            .create(
                {
                    "partner_id": cls.account.id,
                    "name": "RPC visit",
                    "planned_date": fields.Datetime.now(),
                    "expense_amount": 40,
                }
            )
        )

    def _call(self, model, method, args, kwargs=None, context=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": dict(kwargs or {}, context=context or {}),
            },
        )

    def _refused(self, exception, *call):
        with mute_logger("odoo.http", "odoo.sql_db"), self.assertRaises(JsonRpcException) as cm:
            self._call(*call)
        self.assertEqual(cm.exception.args[0], exception)

    def test_visit_over_rpc(self):
        """The specialist's RPC writes with the old keys are refused, a negative expense
        gets the SQL check's ValidationError, the check-in button works."""
        self.authenticate(self.specialist.login, self.specialist.login)
        ids = [self.visit.id]
        forged = {"key_account_visit_action": True, "key_account_transition": True}
        for vals in (
            {"state": "done"},
            {"check_in_date": "2030-01-01 08:00:00", "check_in_latitude": 31.0},
        ):
            with self.subTest(vals=vals):
                self._refused(
                    "odoo.exceptions.UserError",
                    "key.account.visit",
                    "write",
                    [ids, vals],
                    None,
                    forged,
                )
        self._refused(
            "odoo.exceptions.ValidationError",
            "key.account.visit",
            "write",
            [ids, {"expense_amount": -1}],
        )
        self.env.invalidate_all()
        self.assertEqual(
            (self.visit.state, self.visit.check_in_date, self.visit.expense_amount),
            ("planned", False, 40),
        )
        self._call(
            "key.account.visit",
            "action_check_in",
            [ids],
            {"latitude": 31.2404, "longitude": 121.4737},
        )
        self.env.invalidate_all()
        self.assertEqual(self.visit.state, "checked_in")
        self.assertAlmostEqual(self.visit.check_in_distance, 1.112, delta=0.002)

    def test_symposium_over_rpc(self):
        """The KAM manager's RPC write of the symposium state with the old key is refused."""
        symposium = self.env["key.account.symposium"].create(
            {
                "name": "RPC symposium",
                "date": "2031-11-20 01:00:00",
                "invitee_ids": [Command.create({"partner_id": self.account.id})],
            }
        )
        self.authenticate(self.manager.login, self.manager.login)
        self._refused(
            "odoo.exceptions.UserError",
            "key.account.symposium",
            "write",
            [[symposium.id], {"state": "held"}],
            None,
            {"key_account_symposium_action": 1},
        )
        self.env.invalidate_all()
        self.assertEqual(symposium.state, "planned")
