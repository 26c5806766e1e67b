import io
import re

import lxml.html
from markupsafe import Markup

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter, merge_pdf

# The printed forms of this addon: their report_name starts with this prefix.
FORM_PREFIX = "key_account_mgmt.report_ka_"
RUNNING_HEADER_ID = "o_ka_running_header"
# The forms carry their whole style inline: the report assets are not fetched, so that
# printing never calls back into the server (nor waits on it) and looks the same everywhere.
ASSET_TAGS = re.compile(
    r"<link\b[^>]*\brel=[\"']stylesheet[\"'][^>]*>|<script\b[^>]*\bsrc=[^>]*>\s*</script>",
    re.IGNORECASE,
)
# Top margin (mm) of the running-header overlay; the form's paperformat leaves room for it.
OVERLAY_MARGIN_TOP = 5


class IrActionsReport(models.Model):
    """The key-account forms print their header and page numbers on any wkhtmltopdf.

    Debian's wkhtmltopdf runs on unpatched Qt: it ignores ``--header-html`` and
    ``--footer-html`` (and the text ``--header-*``/``--footer-*`` options), so the
    external layout loses its header and footer there. The forms therefore carry
    their company header in the body, and each printed document gets, on every page,
    a running header (company, form title, "page / pages") from a second wkhtmltopdf
    pass laid over it. This works with patched and unpatched Qt alike.
    """

    _inherit = "ir.actions.report"

    def _is_key_account_form(self, report_ref):
        if not report_ref:
            return False
        report = self._get_report(report_ref)
        return bool(report) and (report.report_name or "").startswith(FORM_PREFIX)

    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        if not self._is_key_account_form(report_ref):
            return super()._run_wkhtmltopdf(
                bodies,
                report_ref=report_ref,
                header=header,
                footer=footer,
                landscape=landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size,
            )
        documents = []
        for body in bodies:
            # one run per document, so that each one counts its own pages
            body = ASSET_TAGS.sub("", body)
            pdf = super()._run_wkhtmltopdf(
                [body],
                report_ref=report_ref,
                landscape=landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size,
            )
            documents.append(self._ka_stamp_running_header(pdf, body, report_ref, landscape))
        return documents[0] if len(documents) == 1 else merge_pdf(documents)

    def _ka_stamp_running_header(self, pdf, body, report_ref, landscape):
        """Lay the running header ("company · title · page / pages") over every page."""
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        count = reader.getNumPages()
        overlay_pdf = super()._run_wkhtmltopdf(
            [self._ka_overlay_html(body, count)],
            report_ref=report_ref,
            landscape=landscape,
            specific_paperformat_args={"data-report-margin-top": OVERLAY_MARGIN_TOP},
        )
        overlay = PdfFileReader(io.BytesIO(overlay_pdf), strict=False)
        writer = PdfFileWriter()
        for index in range(count):
            page = reader.getPage(index)
            if index < overlay.getNumPages():
                stamp = overlay.getPage(index)
                merge = getattr(page, "merge_page", None) or page.mergePage
                merge(stamp)
            writer.addPage(page)
        with io.BytesIO() as buffer:
            writer.write(buffer)
            return buffer.getvalue()

    def _ka_overlay_html(self, body, count):
        """One small page per page of the document, each with its header line."""
        tree = lxml.html.fromstring(body)
        nodes = tree.xpath(f'//*[@id="{RUNNING_HEADER_ID}"]')
        header = (
            Markup("".join(lxml.html.tostring(child, encoding="unicode") for child in nodes[0]))
            if nodes
            else Markup()
        )
        pages = Markup("").join(
            Markup(
                '<div class="o_ka_overlay_page" style="%s"><table class="o_ka_rh"><tr>'
                '<td class="o_ka_rh_main">%s</td>'
                '<td class="o_ka_rh_page">%s / %s</td></tr></table></div>'
            )
            % ("page-break-before: always;" if number > 1 else "", header, number, count)
            for number in range(1, count + 1)
        )
        return (
            Markup(
                "<!DOCTYPE html><html><head><meta charset='utf-8'/><style>"
                "body { margin: 0; font-family: 'Noto Sans CJK SC', 'Noto Sans', sans-serif; "
                "font-size: 8pt; color: #444; }"
                "table.o_ka_rh { width: 100%%; border-collapse: collapse; "
                "border-bottom: 0.5pt solid #888; }"
                "td.o_ka_rh_page { text-align: right; white-space: nowrap; width: 15%%; }"
                "</style></head><body>%s</body></html>"
            )
            % pages
        )
