"""The complaint handling form (投诉处理单), on the addon's one form layout."""

from odoo import api, models


class ReportKeyAccountComplaint(models.AbstractModel):
    _name = "report.key_account_mgmt.report_ka_complaint"
    _inherit = "key.account.form.report"
    _description = "Complaint Handling Form (投诉处理单)"
    _form_model = "key.account.complaint"

    @api.model
    def _form_values(self, docs):
        return {"linked_name": self._linked_name}

    @api.model
    def _linked_name(self, doc, fname):
        """The name of a document linked on the complaint (order, delivery, invoice, return
        transfer): the printing user read the complaint (checked by the base), he need not
        read sales, inventory or invoicing to print its references."""
        doc.check_access("read")
        return doc.sudo()[fname].display_name or ""
