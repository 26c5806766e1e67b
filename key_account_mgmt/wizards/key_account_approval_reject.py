from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import safe_eval

from ..tools import checked_args


class KeyAccountApprovalReject(models.TransientModel):
    """Ask for the reason of a rejection, which every approval chain requires."""

    _name = "key.account.approval.reject"
    _description = "Reject an Approval Step"

    res_model = fields.Char("Document Model", required=True)
    res_ids = fields.Char("Documents to Reject", required=True)
    reason = fields.Text("Rejection Reason", required=True)
    document_names = fields.Char("Rejecting", compute="_compute_document_names")

    @api.depends("res_model", "res_ids")
    def _compute_document_names(self):
        for wizard in self:
            try:
                wizard.document_names = ", ".join(wizard._documents().mapped("display_name"))
            except UserError:  # AccessError included: nothing is named then
                wizard.document_names = False

    def _documents(self):
        """The documents to reject, checked: an approval consumer the user reads."""
        self.ensure_one()
        model = self.res_model
        Model = self.env[model] if isinstance(model, str) and model in self.env else None
        if (
            Model is None
            or Model._abstract
            or Model._transient
            or "approval_ids" not in Model._fields
            or not hasattr(Model, "_approval_pending_step")
        ):
            raise UserError(
                self.env._(
                    "Document Model: %(model)s is not a document with an approval chain.",
                    model=model,
                )
            )
        try:
            ids = safe_eval.const_eval(self.res_ids or "")
        except (ValueError, SyntaxError, TypeError, NameError, RecursionError):
            ids = None
        if (
            not isinstance(ids, (list, tuple))
            or not ids
            or not all(isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ids)
        ):
            raise UserError(
                self.env._(
                    "Documents to Reject: %(value)s is not a list of document ids.",
                    value=(self.res_ids or "")[:80],
                )
            )
        records = self.env[model].browse(list(dict.fromkeys(ids)))
        if len(records.exists()) != len(records):
            raise UserError(
                self.env._("Documents to Reject: some of these documents no longer exist.")
            )
        # the user reads them (or decides their step for a delegator who does)
        self.env["key.account.approval"]._check_documents_decision_access(records)
        return records

    @checked_args
    def action_reject(self):
        """Reject the documents' pending steps with the reason given."""
        self.ensure_one()
        records = self._documents()
        records.action_approval_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
