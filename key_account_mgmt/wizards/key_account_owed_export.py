import ast
import base64
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..tools import checked_args

# Column headers of the workbook, in the wording of the company's paper forms.
OWED_COLUMNS = [
    ("partner_id", "大客户"),
    ("team_id", "办事处"),
    ("order_id", "销售订单"),
    ("date_order", "订单日期"),
    ("date_promised", "承诺交货日期"),
    ("product_id", "产品"),
    ("product_uom_id", "单位"),
    ("qty_ordered", "合同数量"),
    ("qty_delivered", "已发货数量"),
    ("qty_owed", "欠货数量"),
    ("amount_owed", "欠货金额"),
    ("is_shortage", "欠货"),
    ("is_overdue", "逾期"),
]
STOCK_COLUMNS = [
    ("team_id", "办事处"),
    ("warehouse_id", "大客户仓库"),
    ("location_id", "库位"),
    ("product_id", "产品"),
    ("lot_id", "批次/序列号"),
    ("product_uom_id", "单位"),
    ("quantity", "在手数量"),
    ("reserved_quantity", "已预留数量"),
    ("available_quantity", "可用数量"),
]


class KeyAccountOwedExport(models.TransientModel):
    _name = "key.account.owed.export"
    _description = "Export Owed Goods and Office Stock (XLSX)"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Key Accounts",
        domain=[("is_key_account", "=", True)],
        help="Leave empty for every key account you can see.",
    )
    team_id = fields.Many2one("crm.team", "Office")
    only_owed = fields.Boolean("Only Lines with Owed Goods", default=True)
    include_stock = fields.Boolean("Include Office Stock", default=True)
    # What the owed-goods list showed when "Export XLSX" was pressed there: the
    # selected lines, else the list's filters.  It only narrows the export; the
    # rows are still read with the user's own rights.
    list_domain = fields.Char(readonly=True)
    list_scope = fields.Char("Lines", compute="_compute_list_scope")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "list_domain" in fields_list
            and context.get("active_model") == "key.account.owed.report"
        ):
            ids = context.get("active_ids")
            if ids and isinstance(ids, list) and all(isinstance(i, int) for i in ids):
                values["list_domain"] = repr([("id", "in", ids)])
            elif isinstance(context.get("active_domain"), list):
                values["list_domain"] = repr(context["active_domain"])
        return values

    @api.depends("list_domain")
    def _compute_list_scope(self):
        for wizard in self:
            domain = wizard._list_domain()
            if not domain:
                wizard.list_scope = self.env._("All owed goods you can see")
            elif len(domain) == 1 and domain[0][:2] == ("id", "in"):
                wizard.list_scope = self.env._(
                    "The %(count)s lines selected in the list", count=len(domain[0][2])
                )
            else:
                wizard.list_scope = self.env._("The lines matching the list's filters")

    @checked_args
    def action_export(self):
        """Build the workbook and hand it to the browser as a download."""
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": "key_account_owed_goods.xlsx",
                "datas": base64.b64encode(self._key_account_xlsx()),
                "res_model": self._name,
                "res_id": self.id,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ data
    def _list_domain(self):
        """The list's domain, checked: a malformed one is refused, not evaluated."""
        if not self.list_domain:
            return []
        try:
            domain = ast.literal_eval(self.list_domain)
            domain = [tuple(leaf) if isinstance(leaf, list) else leaf for leaf in domain]
            expression.expression(domain, self.env["key.account.owed.report"])
        except (ValueError, TypeError, SyntaxError, AssertionError, KeyError):
            raise UserError(
                self.env._("Lines: the list's filter cannot be read; export from the menu instead.")
            ) from None
        return domain

    def _owed_domain(self):
        domain = list(self._list_domain())
        if self.partner_ids:
            domain.append(("partner_id", "in", self.partner_ids.ids))
        if self.team_id:
            domain.append(("team_id", "=", self.team_id.id))
        if self.only_owed:
            domain.append(("is_shortage", "=", True))
        return domain

    def _stock_domain(self):
        return [("team_id", "=", self.team_id.id)] if self.team_id else []

    def _key_account_xlsx(self):
        """The workbook: sheet 欠货 (owed goods, shortages highlighted) and, if asked,
        sheet 办事处库存 (the offices' key-account stock). Rows are what the user may read."""
        owed = self.env["key.account.owed.report"].search_fetch(
            self._owed_domain(), [f for f, _h in OWED_COLUMNS]
        )
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = {
            "head": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "short": workbook.add_format({"bg_color": "#FCE4D6"}),
            "short_date": workbook.add_format({"bg_color": "#FCE4D6", "num_format": "yyyy-mm-dd"}),
        }
        self._write_sheet(workbook, "欠货", OWED_COLUMNS, owed, formats, flag="is_shortage")
        if self.include_stock:
            stock = self.env["key.account.stock.report"].search_fetch(
                self._stock_domain(), [f for f, _h in STOCK_COLUMNS]
            )
            self._write_sheet(workbook, "办事处库存", STOCK_COLUMNS, stock, formats)
        workbook.close()
        return output.getvalue()

    def _write_sheet(self, workbook, title, columns, records, formats, flag=None):
        sheet = workbook.add_worksheet(title)
        for col, (_fname, header) in enumerate(columns):
            sheet.write(0, col, header, formats["head"])
            sheet.set_column(col, col, 16)
        sheet.freeze_panes(1, 0)
        for row, record in enumerate(records, start=1):
            flagged = bool(flag and record[flag])
            cell = formats["short"] if flagged else None
            for col, (fname, _header) in enumerate(columns):
                field = record._fields[fname]
                value = record[fname]
                if field.type == "many2one":
                    # the row passed the report's rules; its linked records' names are
                    # shown as in the list view (web_read reads them the same way)
                    sheet.write(row, col, value.sudo().display_name or "", cell)
                elif field.type == "boolean":
                    sheet.write(row, col, "是" if value else "否", cell)
                elif field.type in ("date", "datetime"):
                    if value:
                        fmt = formats["short_date"] if flagged else formats["date"]
                        if field.type == "datetime":
                            # the user's day, not UTC's (8 hours apart in China)
                            value = fields.Datetime.context_timestamp(self, value).replace(
                                tzinfo=None
                            )
                        sheet.write_datetime(row, col, fields.Datetime.to_datetime(value), fmt)
                else:
                    sheet.write(row, col, value, cell)
        return sheet
