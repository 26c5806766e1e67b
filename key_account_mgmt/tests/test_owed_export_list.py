import base64
import re
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_goods import KeyAccountGoodsCase
from .test_goods_owed import read_xlsx


@tagged("post_install", "-at_install")
class TestOwedExportList(KeyAccountGoodsCase):
    """Owed goods: overdue only against a promise; the XLSX export follows the list
    (selection or filters) and writes the user's local dates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.specialist.tz = "Asia/Shanghai"
        # promised for 30 November, 20:00 UTC = 1 December, 04:00 in China
        cls.promised = cls._confirm(
            cls._order(cls.account, qty=5, commitment_date=datetime(2020, 11, 30, 20, 0))
        )
        cls.unpromised = cls._confirm(cls._order(cls.account, qty=3))
        cls.Report = cls.env["key.account.owed.report"]

    def _export(self, **context):
        wizard = (
            self.env["key.account.owed.export"]
            .with_user(self.specialist)
            .with_context(**context)
            .create({"include_stock": False})
        )
        action = wizard.action_export()
        attachment_id = int(re.search(r"/web/content/(\d+)", action["url"]).group(1))
        attachment = self.env["ir.attachment"].with_user(self.specialist).browse(attachment_id)
        sheet = read_xlsx(base64.b64decode(attachment.datas))["欠货"]
        return wizard, [dict(zip(sheet[0], row, strict=False)) for row in sheet[1:]]

    def test_no_promise_is_not_overdue(self):
        """A line with no agreed date and no lead time owes goods but is not overdue."""
        lines = self.Report.with_user(self.specialist).search(
            [("order_id", "in", (self.promised | self.unpromised).ids)]
        )
        by_order = {line.order_id: line for line in lines}
        self.assertTrue(by_order[self.unpromised].is_shortage)
        self.assertFalse(by_order[self.unpromised].date_promised)
        self.assertFalse(by_order[self.unpromised].is_overdue)
        self.assertTrue(by_order[self.promised].is_overdue)

    def test_export_selection(self):
        """Lines selected in the list: only those are exported."""
        line = self.Report.with_user(self.specialist).search([("order_id", "=", self.promised.id)])
        wizard, rows = self._export(active_model=self.Report._name, active_ids=line.ids)
        self.assertEqual([r["销售订单"] for r in rows], [self.promised.name])
        self.assertIn("1", wizard.list_scope)

    def test_export_list_filters(self):
        """No selection: the list's filters (its domain) are exported."""
        _wizard, rows = self._export(
            active_model=self.Report._name,
            active_domain=[("order_id", "=", self.unpromised.id)],
        )
        self.assertEqual([r["销售订单"] for r in rows], [self.unpromised.name])

    def test_export_bad_filter(self):
        """A malformed list filter sent by a client is refused cleanly."""
        for domain in (["nonsense"], [("no_such_field", "=", 1)], [("id", "~~", 1)]):
            with self.subTest(domain=domain), self.assertRaises(UserError):
                self._export(active_model=self.Report._name, active_domain=domain)

    def test_export_local_dates(self):
        """Dates are written in the user's time zone, not UTC."""
        _wizard, rows = self._export(
            active_model=self.Report._name,
            active_domain=[("order_id", "=", self.promised.id)],
        )
        # Excel serial date of 2020-12-01 (the Chinese day), not of 2020-11-30 (UTC's)
        serial = float(rows[0]["承诺交货日期"])
        day = datetime(1899, 12, 30) + timedelta(days=serial)
        self.assertEqual(fields.Date.to_string(day.date()), "2020-12-01")
