import base64

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestApplicationVerifyTour(HttpCase):
    """Issue 11 item 1 at desktop size: the KAM department verifies, then approves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="kam_verify_manager",
            groups="base.group_user,key_account_mgmt.group_kam_manager",
        )
        cls.dept = new_test_user(
            cls.env,
            login="kam_verify_dept",
            name="KAM Verify Department",
            groups="base.group_user,key_account_mgmt.group_kam_department",
        )
        partner = cls.env["res.partner"].create(
            {"name": "KAM Tour Verified Ltd", "is_company": True}
        )
        cls.app = (
            cls.env["key.account.application"]
            .with_user(cls.manager)
            .create(
                {
                    "partner_id": partner.id,
                    "requested_tier_id": cls.env.ref("key_account_mgmt.key_account_tier_b").id,
                    "has_signed_contract": True,
                    "ties_up_funds": True,
                    "good_credit_standing": True,
                    # an application names its office, with its manager (issue 11)
                    "team_id": cls.env["crm.team"]
                    .create(
                        {
                            "name": "KAM Verify Office",
                            "user_id": new_test_user(
                                cls.env,
                                login="kam_verify_office",
                                groups="base.group_user,key_account_mgmt.group_office_manager",
                            ).id,
                        }
                    )
                    .id,
                }
            )
        )
        for doc in cls.app.document_ids:
            doc.with_user(cls.manager).attachment_ids = [
                Command.create(
                    {
                        "name": f"{doc.document_type_id.code}.pdf",
                        "datas": base64.b64encode(b"%PDF-1.4 test"),
                    }
                )
            ]
        cls.app.with_user(cls.manager).action_submit()

    def test_department_verifies_and_approves(self):
        """The department's ticks are saved on the submitted application; Approve then works."""
        self.browser_size = "1440x900"
        self.start_tour("/odoo", "key_account_application_verify_tour", login=self.dept.login)
        self.env.invalidate_all()
        verified = self.app.document_ids.filtered("verified")
        self.assertEqual(
            sorted(verified.document_type_id.mapped("code")),
            ["business_licence", "tax_registration"],
        )
        self.assertEqual(set(verified.mapped("state")), {"verified"})
        self.assertEqual(self.app.state, "approved")
        self.assertEqual(self.app.decided_by_id, self.dept)
