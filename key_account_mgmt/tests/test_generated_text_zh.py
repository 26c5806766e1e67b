"""Issue 11 item 11: the text the addon generates, read by a zh_CN user."""

import re

from odoo.tests import new_test_user, tagged

from .common_held_stock import KeyAccountHeldStockCase

LATIN = re.compile(r"[A-Za-z]")


@tagged("post_install", "-at_install")
class TestGeneratedTextChinese(KeyAccountHeldStockCase):
    """Issue 11 item 11: a Chinese reader reads no addon-generated English: step names,
    tier-change reasons, receipt acceptance notes, the key-account operation type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["key_account_mgmt"], ["zh_CN"], overwrite=True
        )
        # the company speaks Chinese; the users who act use English
        cls.company.partner_id.lang = "zh_CN"
        cls.reader = new_test_user(
            cls.env,
            login="kam_zh_reader",
            groups="base.group_user,key_account_mgmt.group_kam_department",
            lang="zh_CN",
        )
        cls.reader_env = cls.env(user=cls.reader, context={"lang": "zh_CN"})

    def _submitted(self, name):
        partner = self.env["res.partner"].create({"name": name, "is_company": True})
        app = self._make_application(partner)
        app.with_user(self.manager).with_context(lang="en_US").action_submit()
        return app

    def test_step_names_in_the_readers_language(self):
        """Steps created by an English-speaking user read in Chinese for a Chinese reader,
        in English for an English one; the form's "waiting for" too."""
        app = self._submitted("Steps Zh Ltd")
        steps = app.approval_ids
        self.assertTrue(steps)
        for step in steps.with_env(self.reader_env):
            self.assertRegex(step.name, r"^步骤 \d+/\d+：")
            self.assertNotRegex(step.name, LATIN)
        for step in steps.with_context(lang="en_US"):
            self.assertRegex(step.name, r"^Step \d+/\d+ ")
        waiting = app.with_env(self.reader_env).approval_next_step
        self.assertTrue(waiting.startswith("步骤 1/"), waiting)
        # searched by its name in the reader's language
        found = (
            self.env["key.account.approval"]
            .with_env(self.reader_env)
            .search([("name", "ilike", "步骤"), ("id", "in", steps.ids)])
        )
        self.assertEqual(found, steps)

    def test_qualification_reason_in_company_language(self):
        """The tier-change reason of a qualification approved by an English-speaking
        department user is written in the company's language (Chinese)."""
        app = self._submitted("Reason Zh Ltd")
        app.with_user(self.dept).with_context(lang="en_US").action_approval_approve()
        history = app.partner_id.key_account_tier_history_ids
        self.assertEqual(history.reason, f"大客户申请 {app.name} 已批准")

    def test_default_tier_reason_in_company_language(self):
        """A tier set on an ordinary customer gets the default reason in Chinese."""
        partner = self.env["res.partner"].create({"name": "Plain Zh Ltd", "is_company": True})
        partner.with_context(lang="en_US").key_account_tier_id = self.tier_b
        self.assertEqual(partner.key_account_tier_history_ids.reason, "在大客户申请流程之外设定。")

    def test_operation_type_and_route_named_in_every_language(self):
        """The key-account operation type and route created by an English-speaking user
        read in Chinese for a Chinese reader."""
        warehouse = (
            self.env["stock.warehouse"]
            .with_context(lang="en_US")
            .create({"name": "Zh Warehouse", "code": "ZHW", "company_id": self.company.id})
        )
        warehouse._key_account_setup()
        out_type = warehouse.key_account_out_type_id
        self.assertEqual(out_type.with_context(lang="zh_CN").name, "大客户发货")
        self.assertEqual(out_type.with_context(lang="en_US").name, "Key-Account Deliveries")
        self.assertEqual(
            warehouse.key_account_route_id.with_context(lang="zh_CN").name,
            "Zh Warehouse：大客户发货",
        )
        self.assertIn("大客户发货", out_type.with_context(lang="zh_CN").display_name)

    def test_receipt_acceptance_note_in_company_language(self):
        """The note logged when goods arrive at the office warehouse (validated by an
        English-speaking stock user) is in the company's language."""
        self.stock_user.lang = "en_US"
        picking = self._receive()
        self.assertEqual(picking.key_account_acceptance_state, "awaiting")
        body = picking.message_ids[0].body
        self.assertIn("大客户", body)
        self.assertNotIn("awaiting the office's acceptance", body)

    def test_labels_with_one_meaning(self):
        """The gift request's state reads "Awaiting Approval" (not the approver's "To
        Approve"); the visit's button is "Mark as Done", not the state "Done"."""
        states = dict(
            self.env["key.account.gift.request"]
            .with_context(lang="en_US")
            ._fields["state"]
            ._description_selection(self.env(context={"lang": "en_US"}))
        )
        self.assertEqual(states["to_approve"], "Awaiting Approval")
        arch = (
            self.env["key.account.visit"]
            .with_context(lang="en_US")
            .get_view(self.env.ref("key_account_mgmt.key_account_visit_view_form").id)["arch"]
        )
        self.assertRegex(arch, r'name="action_done"[^>]*string="Mark as Done"')

    def test_yes_no_on_printed_forms(self):
        """The Yes/No of the printed forms read 是/否 for a Chinese reader."""
        report = self.env["report.key_account_mgmt.report_ka_application"].with_env(self.reader_env)
        self.assertEqual((report._yes_no(True), report._yes_no(False)), ("是", "否"))
