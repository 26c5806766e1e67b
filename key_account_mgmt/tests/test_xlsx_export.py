import io
import re
import zipfile
from datetime import datetime
from xml.etree import ElementTree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KeyAccountCase

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
EXPORT = "key.account.xlsx.export"


def xlsx_rows(content):
    """The first sheet of an XLSX file as a list of rows ({column letter: text})."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        strings = [
            "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
            for si in ElementTree.fromstring(archive.read("xl/sharedStrings.xml")).findall(
                "m:si", NS
            )
        ]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.find("m:sheetData", NS).findall("m:row", NS):
        cells = {}
        for cell in row.findall("m:c", NS):
            column = re.match(r"[A-Z]+", cell.get("r")).group(0)
            value = cell.find("m:v", NS)
            text = value.text if value is not None else ""
            cells[column] = strings[int(text)] if cell.get("t") == "s" else text
        rows.append(cells)
    return rows


@tagged("post_install", "-at_install")
class TestXlsxExport(KeyAccountCase):
    """The XLSX lists: rows the user may read, translated headers, one query per export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accounts = cls.env["res.partner"]
        for i in range(3):
            cls.accounts |= cls._make_key_account(f"Export Customer {i}")
        cls.accounts[0].with_user(cls.dept).write(
            {"city": "Hangzhou", "credit_score": 91.0, "key_account_stage": "trial"}
        )
        person = cls.env["res.partner"].create({"name": "Mr Wang", "parent_id": cls.accounts[0].id})
        cls.env["key.account.contact"].create(
            {"partner_id": cls.accounts[0].id, "contact_id": person.id, "role": "purchaser"}
        )
        cls.product = cls.env["product.product"].create({"name": "Cement", "list_price": 1})
        cls.orders = cls.env["sale.order"]
        for account in cls.accounts:
            order = (
                cls.env["sale.order"]
                .with_user(cls.specialist)
                .create(
                    {
                        "partner_id": account.id,
                        "order_line": [
                            Command.create({"product_id": cls.product.id, "price_unit": 50_000})
                        ],
                    }
                )
            )
            order.action_approval_request()
            cls.orders |= order
        cls.orders[0].with_user(cls.users["office"]).action_approval_approve()

    def test_key_accounts_rows_headers_and_confidential_columns(self):
        """The manager's workbook holds each key account and the credit score; the
        specialist's has no confidential column; a plain customer is not exported."""
        Export = self.env[EXPORT].with_user(self.manager)
        rows = xlsx_rows(Export._key_accounts_xlsx((self.accounts | self.customer).ids))
        headers = list(rows[0].values())
        self.assertEqual(headers[:3], ["Key Account", "Reference", "Tier"])
        self.assertIn("Credit Score", headers)
        names = [row["A"] for row in rows[1:]]
        self.assertEqual(names, self.accounts.sorted("name").mapped("name"))
        first = {rows[0][column]: value for column, value in rows[1].items()}
        self.assertEqual(first["Development Stage"], "5. Initial Cooperation (Trial Order)")
        self.assertEqual(first["City"], "Hangzhou")
        self.assertEqual(first["Key Contacts"], "Mr Wang (Purchaser)")
        self.assertEqual(first["Account Manager"], self.specialist.name)
        self.assertEqual(first["Office"], "Test Office")
        self.assertEqual(float(first["Credit Score"]), 91.0)
        rows = xlsx_rows(
            self.env[EXPORT].with_user(self.specialist)._key_accounts_xlsx(self.accounts.ids)
        )
        self.assertNotIn("Credit Score", rows[0].values())
        self.assertNotIn("Annual Revenue", rows[0].values())
        self.assertEqual(len(rows), 4)

    def test_key_accounts_one_query(self):
        """The key-account workbook is one query for 1 row as for 3."""
        Export = self.env[EXPORT].with_user(self.manager)
        Export._key_accounts_xlsx(self.accounts.ids)  # warm the caches (access, labels)
        with self.assertQueryCount(1):
            Export._key_accounts_xlsx(self.accounts[:1].ids)
        with self.assertQueryCount(1):
            Export._key_accounts_xlsx(self.accounts.ids)

    def test_approval_log_rows_times_and_one_query(self):
        """Every step of the selected orders, with decider and time in the user's zone;
        one query for 1 order as for 3."""
        self.users["office"].tz = "Asia/Shanghai"
        Export = self.env[EXPORT].with_user(self.users["office"])
        content = Export._approval_log_xlsx(self.orders.ids)
        rows = xlsx_rows(content)
        self.assertEqual(
            list(rows[0].values())[:5], ["Order", "Customer", "Order Date", "Amount", "Step"]
        )
        steps = self.orders.sudo().approval_ids
        self.assertEqual(len(rows) - 1, len(steps))
        signed = steps.filtered("decided_by_id")
        self.assertEqual(len(signed), 1)
        row = next(r for r in rows[1:] if r.get("J"))
        self.assertEqual(row["A"], self.orders[0].name)
        self.assertEqual(row["J"], self.users["office"].name)
        # the decision time, as an Excel serial date, in Shanghai time (UTC+8)
        serial = float(row["L"])
        expected = (signed.decision_date - datetime(1899, 12, 30)).total_seconds() / 86400 + 8 / 24
        self.assertAlmostEqual(serial, expected, places=4)
        with self.assertQueryCount(1):
            Export._approval_log_xlsx(self.orders[:1].ids)
        with self.assertQueryCount(1):
            Export._approval_log_xlsx(self.orders.ids)

    def test_export_actions_rpc(self):
        """The list actions return a download; bad or empty selections are refused."""
        Export = self.env[EXPORT].with_user(self.manager)
        action = Export.export_key_accounts(self.accounts.ids)
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertEqual(xlsx_rows(attachment.raw)[1]["A"], self.accounts.sorted("name")[0].name)
        with self.assertRaises(UserError):
            Export.export_key_accounts([])
        with self.assertRaises(UserError):
            Export.export_approval_log(["1; DROP TABLE sale_order"])
        with self.assertRaises(AccessError):
            self.env[EXPORT].with_user(self.users["cs"]).export_approval_log(self.orders.ids)

    def test_list_actions_bound_to_the_lists(self):
        """The Actions menu entries of the lists run the exports on the selection (as the
        account's specialist, who sees these accounts and his own orders)."""
        for xmlid, model, records in (
            (
                "key_account_mgmt.action_server_export_key_accounts_xlsx",
                "res.partner",
                self.accounts,
            ),
            ("key_account_mgmt.action_server_export_approval_log_xlsx", "sale.order", self.orders),
        ):
            action = self.env.ref(xmlid)
            self.assertEqual(
                (action.binding_model_id.model, action.binding_view_types), (model, "list")
            )
            result = (
                action.with_user(self.specialist)
                .with_context(active_model=model, active_ids=records.ids, active_id=records[0].id)
                .run()
            )
            self.assertEqual(result["type"], "ir.actions.act_url")
            attachment_id = int(re.search(r"/web/content/(\d+)", result["url"]).group(1))
            rows = xlsx_rows(self.env["ir.attachment"].browse(attachment_id).raw)
            self.assertGreater(len(rows), len(records))
