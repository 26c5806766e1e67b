import base64
from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

GROUPS = {
    "specialist": "key_account_mgmt.group_kam_specialist",
    "manager": "key_account_mgmt.group_kam_manager",
    "office": "key_account_mgmt.group_office_manager",
    "dept": "key_account_mgmt.group_kam_department",
    "deputy": "key_account_mgmt.group_deputy_sales_director",
    "salesdir": "key_account_mgmt.group_sales_director",
    "director": "key_account_mgmt.group_kam_director",
    "cs": "key_account_mgmt.group_customer_service",
    "tech": "key_account_mgmt.group_technical",
    "finance": "key_account_mgmt.group_finance",
}


class KeyAccountCase(TransactionCase):
    """Users for every role, the default tiers and helpers to build key accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"kam_{role}",
                groups=f"base.group_user,{group}",
                name=f"KAM {role.title()}",
            )
            for role, group in GROUPS.items()
        }
        cls.specialist = cls.users["specialist"]
        cls.manager = cls.users["manager"]
        cls.dept = cls.users["dept"]
        cls.director = cls.users["director"]
        cls.plain_user = new_test_user(
            cls.env,
            login="kam_plain",
            groups="base.group_user,sales_team.group_sale_salesman,base.group_partner_manager",
        )
        cls.tier_a = cls.env.ref("key_account_mgmt.key_account_tier_a")
        cls.tier_b = cls.env.ref("key_account_mgmt.key_account_tier_b")
        cls.tier_c = cls.env.ref("key_account_mgmt.key_account_tier_c")
        cls.office = cls.env["crm.team"].create(
            {
                "name": "Test Office",
                "user_id": cls.users["office"].id,
                "member_ids": [Command.link(cls.manager.id)],
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "Customer Ltd", "is_company": True})

    @contextmanager
    def assertRaisesRegex(self, exception, regex, msg=None):
        """Like unittest's, inside a savepoint (as Odoo's assertRaises), so that the
        assertions after it see what a real, rolled-back request leaves behind."""
        with self.assertRaises(exception, msg=msg) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)

    @classmethod
    def _attach_all(cls, application, mandatory_only=False):
        """Attach a file to every (mandatory) document line of the application."""
        docs = application.document_ids
        if mandatory_only:
            docs = docs.filtered("mandatory")
        for doc in docs:
            doc.attachment_ids = [
                Command.create(
                    {
                        "name": f"{doc.document_type_id.code}.pdf",
                        "datas": base64.b64encode(b"%PDF-1.4 test"),
                    }
                )
            ]

    @classmethod
    def _application_vals(cls, partner, **overrides):
        vals = {
            "partner_id": partner.id,
            "requested_tier_id": cls.tier_b.id,
            "account_manager_id": cls.specialist.id,
            "team_id": cls.office.id,
            "has_signed_contract": True,
            "ties_up_funds": True,
            "good_credit_standing": True,
        }
        vals.update(overrides)
        return vals

    @classmethod
    def _make_application(cls, partner, user=None, **overrides):
        user = user or cls.manager
        app = (
            cls.env["key.account.application"]
            .with_user(user)
            .create(cls._application_vals(partner, **overrides))
        )
        cls._attach_all(app)
        return app

    @classmethod
    def _make_key_account(cls, name="Key Customer", **overrides):
        partner = cls.env["res.partner"].create({"name": name, "is_company": True})
        app = cls._make_application(partner, **overrides)
        app.with_user(cls.manager).action_submit()
        app.with_user(cls.dept).action_approval_approve()
        return partner
