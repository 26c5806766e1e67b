import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import checked_args

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class KeyAccountXlsxExport(models.AbstractModel):
    """XLSX lists of the list views' selection: key accounts with their archive, and
    the approval log of orders.

    Each workbook is read with ONE query whatever the number of rows: the selection
    goes through ``_search`` (model access and record rules of the user), and the
    names of linked records are joined in the same statement. Confidential columns
    are exported only to users who may read them; datetimes are in the user's time
    zone; headers and selection values are in the user's language.
    """

    _name = "key.account.xlsx.export"
    _description = "Key Account XLSX Exports"

    # ------------------------------------------------------------------ actions
    @api.model
    @checked_args
    def export_key_accounts(self, partner_ids: list):
        """Download the selected key accounts with their archive (客户档案) as XLSX."""
        content = self._key_accounts_xlsx(self._clean_ids(partner_ids))
        return self._download(content, self.env._("key_accounts.xlsx"))

    @api.model
    @checked_args
    def export_approval_log(self, order_ids: list):
        """Download the approval log (steps, deciders, times) of the selected orders."""
        content = self._approval_log_xlsx(self._clean_ids(order_ids))
        return self._download(content, self.env._("approval_log.xlsx"))

    @api.model
    def _clean_ids(self, ids):
        if not ids or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            raise UserError(self.env._("Selection: select at least one record to export."))
        return ids

    @api.model
    def _download(self, content, name):
        attachment = self.env["ir.attachment"].create(
            {"name": name, "raw": content, "mimetype": XLSX_MIMETYPE}
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ helpers
    def _lang(self):
        return self.env.lang or "en_US"

    def _label(self, model, fname, value):
        if not value:
            return ""
        field = self.env[model]._fields[fname]
        return dict(field._description_selection(self.env)).get(value, value)

    def _user_time(self, value):
        """A naive UTC datetime from the database, as a naive datetime in the user's zone."""
        if not value:
            return None
        return fields.Datetime.context_timestamp(self, value).replace(tzinfo=None)

    def _jname(self, alias):
        """The translated name of a jsonb-translated ``name`` column."""
        return SQL(
            "COALESCE(%s->>%s, %s->>'en_US')",
            SQL.identifier(alias, "name"),
            self._lang(),
            SQL.identifier(alias, "name"),
        )

    def _workbook(self, title, headers, rows, kinds):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        head = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        formats = {
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
        }
        sheet = workbook.add_worksheet(title)
        for col, header in enumerate(headers):
            sheet.write(0, col, header, head)
            sheet.set_column(col, col, 18)
        sheet.freeze_panes(1, 0)
        for row, values in enumerate(rows, start=1):
            for col, (value, kind) in enumerate(zip(values, kinds, strict=True)):
                if value is None or value is False or value == "":
                    continue
                if kind in ("date", "datetime"):
                    sheet.write_datetime(
                        row, col, fields.Datetime.to_datetime(value), formats[kind]
                    )
                elif kind == "money":
                    sheet.write_number(row, col, value, formats["money"])
                else:
                    sheet.write(row, col, value)
        workbook.close()
        return output.getvalue()

    # ------------------------------------------------------------------ key accounts
    def _key_account_columns(self):
        """(header, SQL expression, kind) of the archive columns the user may read."""
        _ = self.env._
        Partner = self.env["res.partner"]
        columns = [
            (_("Key Account"), SQL("p.name"), "text"),
            (_("Reference"), SQL("p.ref"), "text"),
            (_("Tier"), self._jname("tier"), "text"),
            (_("Development Stage"), SQL("p.key_account_stage"), "stage"),
            (_("Segment"), SQL("p.key_account_segment"), "segment"),
            (_("Key Account Since"), SQL("p.key_account_since"), "date"),
            (_("Account Manager"), SQL("manager.name"), "text"),
            (_("Office"), self._jname("team"), "text"),
            (
                _("Specialists"),
                SQL(
                    "(SELECT string_agg(sp.name, ', ' ORDER BY sp.name) "
                    "FROM key_account_partner_specialist_rel rel "
                    "JOIN res_users su ON su.id = rel.user_id "
                    "JOIN res_partner sp ON sp.id = su.partner_id "
                    "WHERE rel.partner_id = p.id)"
                ),
                "text",
            ),
            (_("Phone"), SQL("p.phone"), "text"),
            (_("E-mail"), SQL("p.email"), "text"),
            (_("City"), SQL("p.city"), "text"),
            (_("Main Business"), SQL("p.main_business"), "text"),
            (_("Product Specifications Wanted"), SQL("p.product_preferences"), "text"),
            (_("Packaging Preferences"), SQL("p.packaging_preferences"), "text"),
            (_("After-sales Expectations"), SQL("p.after_sales_expectations"), "text"),
            (_("Price Sensitivity"), SQL("p.price_sensitivity"), "sensitivity"),
            (
                _("Key Contacts"),
                SQL(
                    "(SELECT string_agg(cp.name || COALESCE(' (' || c.role || ')', ''), ', ' "
                    "ORDER BY c.id) FROM key_account_contact c "
                    "JOIN res_partner cp ON cp.id = c.contact_id WHERE c.partner_id = p.id)"
                ),
                "contacts",
            ),
            (
                _("Competitors"),
                SQL(
                    "(SELECT string_agg(k.name, ', ' ORDER BY k.id) "
                    "FROM key_account_competitor k WHERE k.partner_id = p.id)"
                ),
                "text",
            ),
            (_("Archive Completeness (%)"), SQL("p.key_account_archive_completeness"), "number"),
            (_("Last Review"), SQL("p.key_account_last_review_date"), "date"),
        ]
        for fname, header in (
            ("credit_score", _("Credit Score")),
            ("annual_revenue", _("Annual Revenue")),
        ):
            if Partner._fields[fname].is_accessible(self.env):
                kind = "money" if fname == "annual_revenue" else "number"
                columns.append((header, SQL.identifier("p", fname), kind))
        return columns

    def _key_accounts_xlsx(self, partner_ids):
        """The workbook of the key accounts among ``partner_ids`` the user may read."""
        Partner = self.env["res.partner"]
        Partner.check_access("read")
        selection = Partner._search([("id", "in", partner_ids), ("is_key_account", "=", True)])
        columns = self._key_account_columns()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM res_partner p "
                "LEFT JOIN key_account_tier tier ON tier.id = p.key_account_tier_id "
                "LEFT JOIN res_users mu ON mu.id = p.key_account_manager_id "
                "LEFT JOIN res_partner manager ON manager.id = mu.partner_id "
                "LEFT JOIN crm_team team ON team.id = p.key_account_team_id "
                "WHERE p.id IN %s ORDER BY p.name, p.id",
                SQL(", ").join(expr for _h, expr, _k in columns),
                selection.subselect(),
            )
        )
        roles = dict(
            self.env["key.account.contact"]._fields["role"]._description_selection(self.env)
        )
        converters = {
            "stage": lambda v: self._label("res.partner", "key_account_stage", v),
            "segment": lambda v: self._label("res.partner", "key_account_segment", v),
            "sensitivity": lambda v: self._label("res.partner", "price_sensitivity", v),
            "contacts": lambda v: v and self._translate_roles(v, roles),
        }
        rows = [
            [
                converters.get(kind, lambda v: v)(value)
                for value, (_h, _e, kind) in zip(row, columns, strict=True)
            ]
            for row in self.env.cr.fetchall()
        ]
        kinds = [
            kind if kind in ("date", "datetime", "money") else "text" for _h, _e, kind in columns
        ]
        return self._workbook(
            self.env._("Key Accounts"), [header for header, _e, _k in columns], rows, kinds
        )

    @api.model
    def _translate_roles(self, text, roles):
        for key, label in roles.items():
            text = text.replace(f"({key})", f"({label})")
        return text

    # ------------------------------------------------------------------ approval log
    def _approval_log_xlsx(self, order_ids):
        """The workbook of the approval steps of the orders among ``order_ids`` the user
        may read, every chain (also earlier, restarted ones), in order."""
        _ = self.env._
        Order = self.env["sale.order"]
        Order.check_access("read")
        selection = Order._search([("id", "in", order_ids)])
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT o.name, customer.name, o.date_order, o.amount_total, a.sequence, "
                "a.step_count, %s, a.kind, COALESCE(a.approver_label, approver.name, "
                "%s), a.state, decider.name, delegator.name, a.decision_date, a.comment, "
                "a.current "
                "FROM key_account_approval a "
                "JOIN sale_order o ON a.res_model = 'sale.order' AND a.res_id = o.id "
                "JOIN res_partner customer ON customer.id = o.partner_id "
                "LEFT JOIN res_users au ON au.id = a.approver_user_id "
                "LEFT JOIN res_partner approver ON approver.id = au.partner_id "
                "LEFT JOIN res_groups grp ON grp.id = a.approver_group_id "
                "LEFT JOIN res_users du ON du.id = a.decided_by_id "
                "LEFT JOIN res_partner decider ON decider.id = du.partner_id "
                "LEFT JOIN res_users bu ON bu.id = a.on_behalf_of_id "
                "LEFT JOIN res_partner delegator ON delegator.id = bu.partner_id "
                "WHERE o.id IN %s "
                "ORDER BY o.date_order DESC, o.id, a.current, a.sequence, a.id",
                self._jname("a"),  # the step's name is translated (key_account_i18n.py)
                self._jname("grp"),
                selection.subselect(),
            )
        )
        rows = []
        for (
            order,
            customer,
            date_order,
            amount,
            sequence,
            step_count,
            step,
            kind,
            approver,
            state,
            decider,
            delegator,
            decision_date,
            comment,
            current,
        ) in self.env.cr.fetchall():
            rows.append(
                [
                    order,
                    customer,
                    self._user_time(date_order),
                    amount,
                    f"{sequence}/{step_count}" if step_count else sequence,
                    step,
                    self._label("key.account.approval", "kind", kind),
                    approver,
                    self._label("key.account.approval", "state", state),
                    decider,
                    delegator,
                    self._user_time(decision_date),
                    comment,
                    _("Yes") if current else _("No"),
                ]
            )
        headers = [
            _("Order"),
            _("Customer"),
            _("Order Date"),
            _("Amount"),
            _("Step"),
            _("Step Name"),
            _("Kind"),
            _("Approver"),
            _("State"),
            _("Decided By"),
            _("On Behalf Of"),
            _("Decision Date"),
            _("Comment"),
            _("Current Chain"),
        ]
        kinds = ["text", "text", "datetime", "money"] + ["text"] * 7 + ["datetime", "text", "text"]
        return self._workbook(_("Approval Log"), headers, rows, kinds)
