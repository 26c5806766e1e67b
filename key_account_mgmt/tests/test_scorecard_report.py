import shutil

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_reports import pdf_text
from .test_scorecard import ScorecardCase

REPORT = "key_account_mgmt.action_report_ka_scorecard"


@tagged("post_install", "-at_install")
class TestScorecardReport(ScorecardCase):
    """The KPI scorecard (考核评分表) prints on the addon's form layout, for who may read it."""

    def test_pdf_scorecard(self):
        """The PDF's text layer carries the Chinese title, the company, the lines and the total."""
        if not shutil.which("pdftotext"):
            self.fail("pdftotext (poppler-utils) is not installed: run tools/setup.sh")
        self._compute()
        card = self._card()
        skill = self._line(card, kind="qualitative")
        skill.with_user(self.director).write({"score": 3, "comment": "熟悉水泥行业"})
        report = self.env.ref(REPORT)
        pdf = (
            self.env["ir.actions.report"]
            .with_user(self.specialist)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report.report_name, card.ids)[0]
        )
        text = pdf_text(pdf)
        self.assertIn("考核评分表", text)
        self.assertIn(self.company.name, text)
        self.assertIn("Sales Plan Completion", text)
        # the comment column may wrap a Chinese phrase over two lines
        self.assertIn("熟悉水泥行业", "".join(text.split()))
        self.assertIn("95,000.00", text)
        self.assertIn(f"{card.total:,.2f}", text)
        self.assertNotRegex(text, "[\u2e80-\u2fdf]")

    def test_pdf_refused_to_others(self):
        """A specialist cannot print another manager's scorecard."""
        self._compute()
        report = self.env.ref(REPORT)
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.specialist)._render_qweb_html(
                report.report_name, self._card(self.manager).ids
            )
