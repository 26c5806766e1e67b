import io
import logging
import re

import lxml.html
from markupsafe import Markup

from odoo import models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter, merge_pdf

_logger = logging.getLogger(__name__)

# The printed forms of this addon: their report_name starts with this prefix.
FORM_PREFIX = "key_account_mgmt.report_ka_"
RUNNING_HEADER_ID = "o_ka_running_header"
# The forms carry their whole style inline: the report assets are not fetched, so that
# printing never calls back into the server (nor waits on it) and looks the same everywhere.
ASSET_TAGS = re.compile(
    r"<link\b[^>]*\brel=[\"']stylesheet[\"'][^>]*>|<script\b[^>]*\bsrc=[^>]*>\s*</script>",
    re.IGNORECASE,
)
# Noto CJK gives some ideographs and the CJK radicals one glyph, and Qt writes the
# radical into the PDF's text layer (copy/paste, search, pdftotext read 大 as ⼤). The
# pairs (radical, ideograph) of the SC font, found by printing every CJK ideograph
# through wkhtmltopdf and reading it back; the text layer is mended with them.
RADICAL_PAIRS = (
    "⼀一⼁丨⺦丬⼂丶⼃丿⼄乙⺃乚⺂乛⻲亀⼅亅⼆二⼇亠⼈人⺅亻⼉儿⼊入⼋八⼌冂⼍冖⼎冫"
    "⼏几⼐凵⼑刀⺉刂⼒力⼓勹⼔匕⼕匚⼖匸⼗十⼘卜⻧卤⼙卩⼚厂⼛厶⼜又⼝口⼞囗⼟土⼠士"
    "墫壿⼡夂⼢夊⼣夕⼤大⼥女⼦子⼧宀⼨寸⼩小⺐尢⺏尣⼫尸⼬屮⼭山⼮巛⼯工⼰己⺒巳⼱巾"
    "㬺幐⼲干⺓幺⼴广⼵廴⼶廾⼷弋⼸弓⺕彐⺔彑⼺彡⼻彳⼼心⺖忄⼽戈⼾户⼿手⺘扌⽀支⽁攴"
    "⺙攵⽂文⻫斉⽃斗⽄斤⽅方⽆无⺛旡⽇日⽈曰㫚曶⽉月⽊木㮣槩⽋欠⽌止⽍歹⺞歺⽎殳⽏毋"
    "⺟母⽐比⽑毛⽒氏⺠民⽓气⽔水⺡氵⽕火⺣灬⽖爪⺤爫⽗父⽘爻⽙爿⽚片⽛牙⽜牛⽝犬⺨犭"
    "⽞玄⽟玉⽠瓜⽡瓦⽢甘⽣生⽤用⽥田⽦疋⽧疒⽨癶⽩白⽪皮⽫皿⽬目⽭矛⽮矢⽯石⽰示⺭礻"
    "⽱禸⽲禾⽳穴⽴立⻯竜⽵竹⽶米⽷糸⺯糹⺰纟⽸缶⽹网⺱罓⽺羊⽻羽⽼老⺹耂⽽而⽿耳⾀聿"
    "⺺肀⾁肉㬵胶⾂臣⾃自⾄至⾅臼⾆舌⾇舛⾈舟⾉艮⾊色⾋艸⺾艹⾌虍⾍虫⾎血⾏行⾐衣⻂衤"
    "⾑襾⾒見⻅见⻆角⾔言⻈讠⾕谷⾖豆⾗豕⾘豸⾙貝⻉贝⾚赤⾛走⾜足⾝身⾞車⻋车⾟辛⾠辰"
    "⾡辵⻌辶⾢邑⾣酉⾤釆⾥里⾦金⻐钅⻑長⻒镸⻓长⾨門⻔门⾩阜⻖阝⾪隶⾫隹⾬雨⾭靑⻘青"
    "⾮非⾯面⾰革⾱韋⻙韦⾲韭⾳音⾴頁⻚页⾵風⻛风⾶飛⻜飞⻝食⻟飠⻠饣⾸首⾹香⾺馬⻢马"
    "⻣骨⾼高⾽髟⾾鬥⾿鬯⿀鬲⻤鬼⿂魚⻥鱼⿃鳥⻦鸟⿄鹵⿅鹿⿆麥⻨麦⿇麻⿈黃⻩黄⿉黍⿊黑"
    "⿋黹⿌黽⻪黾⿍鼎⿎鼓⿏鼠"
)
RADICALS = {RADICAL_PAIRS[i]: RADICAL_PAIRS[i + 1] for i in range(0, len(RADICAL_PAIRS), 2)}
HEX4 = re.compile(rb"<([0-9A-Fa-f]{4})>")
# Top margin (mm) of the running-header overlay; the form's paperformat leaves room for it.
OVERLAY_MARGIN_TOP = 5


def _fix_hex(match):
    char = RADICALS.get(chr(int(match.group(1), 16)))
    return b"<%04X>" % ord(char) if char else match.group(0)


def mend_to_unicode(cmap):
    """The ToUnicode CMap with the radicals among its targets put back to ideographs."""
    lines, section = [], None
    for line in cmap.split(b"\n"):
        stripped = line.strip()
        if stripped.endswith(b"beginbfrange"):
            section = "range"
        elif stripped.endswith(b"beginbfchar"):
            section = "char"
        elif stripped in (b"endbfrange", b"endbfchar"):
            section = None
        elif section == "range" and b"[" in line:
            head, bracket, targets = line.partition(b"[")
            line = head + bracket + HEX4.sub(_fix_hex, targets)
        elif section == "range":
            codes = HEX4.findall(line)
            if len(codes) == 3 and codes[0] == codes[1]:
                line = line[: line.rindex(b"<")] + HEX4.sub(_fix_hex, line[line.rindex(b"<") :])
        elif section == "char":
            codes = HEX4.findall(line)
            if len(codes) == 2:
                line = line[: line.rindex(b"<")] + HEX4.sub(_fix_hex, line[line.rindex(b"<") :])
        lines.append(line)
    return b"\n".join(lines)


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
        mended = set()
        for index in range(count):
            page = reader.getPage(index)
            if index < overlay.getNumPages():
                stamp = overlay.getPage(index)
                merge = getattr(page, "merge_page", None) or page.mergePage
                merge(stamp)
            self._ka_mend_text_layer(page, mended)
            writer.addPage(page)
        with io.BytesIO() as buffer:
            writer.write(buffer)
            return buffer.getvalue()

    def _ka_mend_text_layer(self, page, mended):
        """Put the ideographs back into the ToUnicode CMaps of the page's fonts (their
        glyphs are untouched); a CMap that cannot be rewritten is left as it is."""
        resources = page["/Resources"].get_object() if "/Resources" in page else {}
        fonts = resources["/Font"].get_object() if "/Font" in resources else {}
        for font in fonts.values():
            cmap = font.get_object().get("/ToUnicode")
            if cmap is None:
                continue
            stream = cmap.get_object()
            if id(stream) in mended:
                continue
            mended.add(id(stream))
            setter = getattr(stream, "set_data", None) or getattr(stream, "setData", None)
            if not setter or stream.get("/Filter"):
                continue
            try:
                setter(mend_to_unicode(stream.get_data()))
            except Exception:
                _logger.warning("ToUnicode CMap of a key-account form left as it is", exc_info=True)

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
