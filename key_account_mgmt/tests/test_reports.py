import io
import shutil
import subprocess
import tempfile
from datetime import datetime

from markupsafe import escape

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from .test_gift_request import GiftCase

REPORTS = "ir.actions.report"
GIFT_FORM = "key_account_mgmt.action_report_ka_gift_request"


def pdf_text(pdf):
    """The text of a PDF as pdftotext reads it (its text layer: copy/paste, search)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run(
            ["pdftotext", "-layout", f.name, "-"], capture_output=True, check=True, text=True
        ).stdout


class ReportCase(GiftCase):
    """A key account with archive, contacts, competitors, tier history, contact logs,
    visits, an application, a gift request and an order, each with approval steps."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.with_user(cls.dept).write(
            {
                "phone": "+86 21 5555 0101",
                "street": "88 Century Avenue",
                "city": "Shanghai",
                "key_account_stage": "deep_contact",
                "main_business": "Ready-mix concrete",
                "credit_score": 87.5,
                "annual_revenue": 123456789,
            }
        )
        cls.zhang.function = "Purchasing Director"
        cls.env["key.account.competitor"].create(
            {"partner_id": cls.account.id, "name": "Rival Cement Co", "share": 30}
        )
        cls.env["key.account.tier.history"].create(
            {
                "partner_id": cls.account.id,
                "old_tier_id": cls.tier_b.id,
                "new_tier_id": cls.tier_a.id,
                "reason": "Yearly review: volume doubled",
                "user_id": cls.dept.id,
            }
        )
        cls.log = (
            cls.env["key.account.contact.log"]
            .with_user(cls.specialist)
            .create(
                {
                    "partner_id": cls.account.id,
                    "contact_id": cls.zhang.contact_id.id,
                    "date": datetime(2030, 3, 4, 2, 0),
                    "form": "phone",
                    "topic": "Spring price list",
                    "result": "Accepted the new prices",
                }
            )
        )
        cls.visit = (
            cls.env["key.account.visit"]
            .with_user(cls.specialist)
            .create(
                {
                    "partner_id": cls.account.id,
                    "name": "Discuss the 2030 supply contract",
                    "planned_date": datetime(2030, 3, 5, 2, 0),
                    "contact_ids": [Command.link(cls.zhang.id)],
                    "participant_ids": [Command.link(cls.manager.id)],
                    "expected_result": "Draft contract agreed",
                }
            )
        )
        cls.application = cls._make_key_account(
            "Application Customer",
            swot_strengths="Plant 20 km from their site",
            swot_threats="Rival offers 60-day terms",
            settlement_floor_price=4321,
        ).key_account_application_ids[:1]

    def _html(self, xmlid, records, user):
        report = self.env.ref(xmlid)
        html = (
            self.env[REPORTS]
            .with_user(user)
            ._render_qweb_html(report.report_name, records.ids)[0]
            .decode()
        )
        return html


@tagged("post_install", "-at_install")
class TestFormReports(ReportCase):
    """The printed forms render their title, values and signatures for the right users."""

    def test_application_form(self):
        """大客户申请表: three conditions, document states, SWOT and the decider's signature."""
        html = self._html(
            "key_account_mgmt.action_report_ka_application", self.application, self.manager
        )
        for text in (
            "大客户申请表",
            "Key Account Application Form",
            self.company.name,
            "Application Customer",
            "Signed purchase contract with us",
            "Good credit standing",
            "Plant 20 km from their site",
            "Rival offers 60-day terms",
            "Development Value",
            "Approval and Signatures",
        ):
            self.assertIn(text, html)
        # every document line with its state
        for line in self.application.document_ids:
            self.assertIn(escape(line.name), html)
        self.assertIn("Provided", html)
        # the KAM department approved it: its decision is the signature
        step = self.application.sudo().approval_ids.filtered("decided_by_id")
        self.assertTrue(step)
        self.assertIn(step[0].decided_by_id.name, html)
        # the manager reads the confidential figures
        self.assertIn("Credit Score (confidential)", html)

    def test_application_form_specialist_without_confidential(self):
        """A specialist prints the application without credit score, revenue or floor price."""
        app = self.application
        html = self._html("key_account_mgmt.action_report_ka_application", app, self.specialist)
        self.assertIn("大客户申请表", html)
        self.assertNotIn("confidential", html)
        self.assertNotIn("4,321", html)

    def test_profile_form_confidential_fields(self):
        """客户档案表: archive, contacts and roles, competitors, tier history; the credit
        score is printed for a KAM manager and absent for the specialist."""
        html = self._html("key_account_mgmt.action_report_ka_profile", self.account, self.manager)
        for text in (
            "客户档案表",
            "Key Account Profile",
            "88 Century Avenue",
            "Ready-mix concrete",
            "3. Deep Contact",
            "Mr Zhang",
            "Purchasing Director",
            "Decision Maker",
            "Rival Cement Co",
            "Yearly review: volume doubled",
            self.specialist.name,
            "87.5",
            "Credit Score (confidential)",
        ):
            self.assertIn(text, html)
        html = self._html(
            "key_account_mgmt.action_report_ka_profile", self.account, self.specialist
        )
        self.assertIn("Rival Cement Co", html)
        self.assertNotIn("87.5", html)
        self.assertNotIn("confidential", html)
        self.assertNotIn("123,456,789", html)

    def test_profile_refuses_other_partners(self):
        """The profile form prints key accounts only (RPC print of another partner)."""
        with self.assertRaisesRegex(UserError, "Key Account: the profile form"):
            self._html("key_account_mgmt.action_report_ka_profile", self.customer, self.manager)

    def test_profile_needs_read_access(self):
        """A user who may not read the account cannot print its profile."""
        with self.assertRaises(AccessError):
            self._html("key_account_mgmt.action_report_ka_profile", self.account, self.plain_user)

    def test_contact_log_and_visit_plan(self):
        """客户联络表 and 客户拜访计划表 list the entries with their purpose, people and results."""
        html = self._html(
            "key_account_mgmt.action_report_ka_contact_log", self.log, self.specialist
        )
        for text in ("客户联络表", "Spring price list", "Accepted the new prices", "Mr Zhang"):
            self.assertIn(text, html)
        html = self._html(
            "key_account_mgmt.action_report_ka_visit_plan", self.visit, self.specialist
        )
        for text in (
            "客户拜访计划表",
            "Customer Visit Plan",
            "Discuss the 2030 supply contract",
            "Mr Zhang",
            self.manager.name,
            "Draft contract agreed",
        ):
            self.assertIn(text, html)

    def test_gift_form_budget_and_signatures(self):
        """礼品馈赠申请表: budget used/remaining, the recipient's year total, the approvers."""
        self._approved(1500)
        request = self._submitted(800, recipient=self.zhang)
        html = self._html(
            "key_account_mgmt.action_report_ka_gift_request", request, self.specialist
        )

        def fmt(amount):
            return f'<span class="oe_currency_value">{amount:,.2f}</span>'

        for text in (
            "礼品馈赠申请表",
            "Gift Request Form",
            "Tea Gift Box",
            fmt(10000),
            fmt(1500),
            fmt(8500),
            "Given to Recipient This Year",
            "Approval and Signatures",
        ):
            self.assertIn(text, html)
        approved = self.env["key.account.gift.request"].search(
            [("state", "=", "approved"), ("partner_id", "=", self.account.id)], limit=1
        )
        html = self._html(
            "key_account_mgmt.action_report_ka_gift_request", approved, self.specialist
        )
        for step in approved.sudo().approval_ids.filtered("current"):
            self.assertIn(step.decided_by_id.name, html)

    def test_sale_order_print_carries_approval_block(self):
        """The order's own print shows who signed and approved a key account's order."""
        product = self.env["product.product"].create({"name": "Cement", "list_price": 100})
        order = (
            self.env["sale.order"]
            .with_user(self.specialist)
            .create(
                {
                    "partner_id": self.account.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "price_unit": 50_000})
                    ],
                }
            )
        )
        order.action_approval_request()
        order.with_user(self.office_manager).action_approval_approve()
        html = self._html("sale.action_report_saleorder", order, self.specialist)
        self.assertIn("Approval and Signatures", html)
        self.assertIn(self.office_manager.name, html)
        ordinary = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        html = self._html("sale.action_report_saleorder", ordinary, self.env.user)
        self.assertNotIn("Approval and Signatures", html)


@tagged("post_install", "-at_install")
class TestFormPdf(ReportCase):
    """Real PDFs through wkhtmltopdf: Chinese text, company header and page numbers."""

    def test_pdf_chinese_header_and_page_numbers(self):
        """Each form prints its Chinese title; every page carries the company and "n / N"."""
        if not shutil.which("pdftotext"):
            self.fail("pdftotext (poppler-utils) is not installed: run tools/setup.sh")
        # a long contact log: more than one page
        logs = self.log | self.env["key.account.contact.log"].with_user(self.specialist).create(
            [
                {
                    "partner_id": self.account.id,
                    "date": datetime(2030, 3, 6, 2, i),
                    "form": "visit",
                    "topic": f"第{i}次联络 Follow-up {i}",
                    "result": "客户同意试用新产品。\n" * 3,
                }
                for i in range(40)
            ]
        )
        cases = [
            ("key_account_mgmt.action_report_ka_application", self.application, "大客户申请表"),
            ("key_account_mgmt.action_report_ka_profile", self.account, "客户档案表"),
            ("key_account_mgmt.action_report_ka_visit_plan", self.visit, "客户拜访计划表"),
            ("key_account_mgmt.action_report_ka_contact_log", logs, "客户联络表"),
        ]
        Reports = (
            self.env[REPORTS].with_user(self.manager).with_context(force_report_rendering=True)
        )
        for xmlid, records, title in cases:
            report = self.env.ref(xmlid)
            pdf = Reports._render_qweb_pdf(report.report_name, records.ids)[0]
            pages = PdfFileReader(io.BytesIO(pdf), strict=False).getNumPages()
            text = pdf_text(pdf)
            page_texts = text.split("\f")[:pages]
            self.assertIn(title, text, xmlid)
            for number, page in enumerate(page_texts, start=1):
                # the running header is the first line of every page
                first = next(line for line in page.splitlines() if line.strip())
                self.assertIn(self.company.name, first, f"{xmlid} page {number}")
                self.assertIn(title, first, f"{xmlid} page {number}")
                self.assertRegex(first, rf"\b{number}\s*/\s*{pages}\s*$", f"{xmlid} page {number}")
        self.assertGreater(pages, 1, "the contact log runs over several pages")
        self.assertIn("客户同意试用新产品", text)
        # the text layer holds the ideographs, not the CJK radicals sharing their glyphs
        self.assertNotRegex(text, "[\u2e80-\u2fdf]")
