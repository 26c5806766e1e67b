from odoo import api, fields, models
from odoo.exceptions import UserError


class KeyAccountFormReport(models.AbstractModel):
    """Values shared by the printed forms (大客户申请表, 客户档案表, ...).

    The documents are read as the printing user: his access rules decide what is
    printed, and a confidential field is printed only if he may read it
    (:meth:`_readable`). Approval steps are the engine's rows; they are read with
    sudo only after the user's read access to the document itself is checked.
    """

    _name = "key.account.form.report"
    _description = "Key Account Printed Form"

    _form_model = None

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env[self._form_model].browse(docids).exists()
        docs.check_access("read")
        self._check_printable(docs)
        return {
            "doc_ids": docs.ids,
            "doc_model": self._form_model,
            "docs": docs,
            "company": docs.company_id[:1] if "company_id" in docs._fields else None,
            "readable": self._readable,
            "approval_steps": self._approval_steps,
            "selection_label": self._selection_label,
            "yes_no": self._yes_no,
            "print_date": fields.Datetime.now(),
            **self._form_values(docs),
        }

    @api.model
    def _check_printable(self, docs):
        """Raise a UserError if these records cannot be printed on this form."""
        if not docs:
            raise UserError(self.env._("There is nothing to print."))
        return True

    @api.model
    def _form_values(self, docs):
        return {}

    @api.model
    def _readable(self, record, fname):
        """Whether the current user may read the (possibly group-restricted) field."""
        return record._fields[fname].is_accessible(self.env)

    @api.model
    def _approval_steps(self, document):
        """The current approval chain of the document, in order (sign, approve, file)."""
        document.check_access("read")
        return document.sudo().approval_ids.filtered("current").sorted("sequence")

    @api.model
    def _selection_label(self, record, fname):
        """The label of a selection value in the user's language."""
        value = record[fname]
        if not value:
            return ""
        selection = record._fields[fname]._description_selection(self.env)
        return dict(selection).get(value, value)

    @api.model
    def _yes_no(self, value):
        return self.env._("Yes") if value else self.env._("No")


class ReportKeyAccountApplication(models.AbstractModel):
    _name = "report.key_account_mgmt.report_ka_application"
    _inherit = "key.account.form.report"
    _description = "Key Account Application Form (大客户申请表)"
    _form_model = "key.account.application"


class ReportKeyAccountProfile(models.AbstractModel):
    _name = "report.key_account_mgmt.report_ka_profile"
    _inherit = "key.account.form.report"
    _description = "Key Account Profile Form (客户档案表)"
    _form_model = "res.partner"

    @api.model
    def _check_printable(self, docs):
        super()._check_printable(docs)
        # the archive's own records: a user outside the key-account roles is refused
        for model in ("key.account.tier", "key.account.contact", "key.account.competitor"):
            self.env[model].check_access("read")
        others = docs.filtered(lambda p: not p.is_key_account)
        if others:
            raise UserError(
                self.env._(
                    "Key Account: the profile form prints key accounts only, not %(names)s.",
                    names=", ".join(others.mapped("display_name")),
                )
            )
        return True


class ReportKeyAccountContactLog(models.AbstractModel):
    _name = "report.key_account_mgmt.report_ka_contact_log"
    _inherit = "key.account.form.report"
    _description = "Key Account Contact Log Form (客户联络表)"
    _form_model = "key.account.contact.log"

    @api.model
    def _form_values(self, docs):
        logs = docs.sorted(lambda log: (log.date, log.id))
        return {
            "logs": logs,
            "company": logs.company_id[:1],
            "date_from": logs[:1].date,
            "date_to": logs[-1:].date,
        }


class ReportKeyAccountVisitPlan(models.AbstractModel):
    _name = "report.key_account_mgmt.report_ka_visit_plan"
    _inherit = "key.account.form.report"
    _description = "Key Account Visit Plan Form (客户拜访计划表)"
    _form_model = "key.account.visit"

    @api.model
    def _form_values(self, docs):
        visits = docs.sorted(lambda v: (v.planned_date, v.id))
        return {
            "visits": visits,
            "company": visits.company_id[:1],
            "date_from": visits[:1].planned_date,
            "date_to": visits[-1:].planned_date,
        }


class ReportKeyAccountGiftRequest(models.AbstractModel):
    _name = "report.key_account_mgmt.report_ka_gift_request"
    _inherit = "key.account.form.report"
    _description = "Gift Request Form (礼品馈赠申请表)"
    _form_model = "key.account.gift.request"
