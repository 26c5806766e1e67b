import shutil

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_complaint import ComplaintCase
from .test_reports import pdf_text

REPORT = "key_account_mgmt.report_ka_complaint"


@tagged("post_install", "-at_install")
class TestComplaintReport(ComplaintCase):
    """投诉处理单: the complaint, judgement, rework, return, reply, satisfaction and who did
    each step, in a real PDF with Chinese text."""

    def _closed_complaint(self):
        complaint = self._complaint(
            picking_id=self.delivery.id,
            product_id=self.product.id,
            description="<p>砂浆凝固过快,影响施工</p>",
        )
        self._to_rework(complaint)
        self._rework_line(complaint, "passed")
        complaint.with_user(self.specialist).action_return_approve(quantity=3)
        complaint.with_user(self.cs).write({"reply": "<p>已更换批次,感谢反馈</p>"})
        complaint.with_user(self.cs).action_reply()
        complaint.with_user(self.cs).action_close()
        return complaint

    def test_pdf_renders_chinese_and_every_step(self):
        """The PDF (wkhtmltopdf) of a closed complaint carries its title, texts in Chinese
        and the name of whoever did each step; customer service prints it without stock
        rights."""
        if not shutil.which("pdftotext"):
            self.fail("pdftotext (poppler-utils) is not installed: run tools/setup.sh")
        complaint = self._closed_complaint()
        Reports = (
            self.env["ir.actions.report"]
            .with_user(self.cs)
            .with_context(force_report_rendering=True)
        )
        pdf = Reports._render_qweb_pdf(REPORT, complaint.ids)[0]
        text = pdf_text(pdf)
        for expected in (
            "投诉处理单",
            complaint.name,
            "砂浆凝固过快",
            "已更换批次",
            "Wrong retarder dosage",
            self.delivery.name,
            complaint.return_picking_id.name,
            self.cs.name,
            self.tech.name,
            self.specialist.name,
        ):
            self.assertIn(expected, text)
        self.assertNotRegex(text, "[\u2e80-\u2fdf]")

    def test_print_needs_read_access(self):
        """Another account's specialist cannot print the complaint."""
        complaint = self._complaint()
        stranger = self._user("kam_spec_other", "key_account_mgmt.group_kam_specialist")
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(stranger)._render_qweb_html(
                REPORT, complaint.ids
            )
