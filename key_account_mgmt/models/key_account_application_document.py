from odoo import api, fields, models
from odoo.exceptions import UserError


class KeyAccountApplicationDocument(models.Model):
    """A line of the application's document checklist, with its attachments and state."""

    _name = "key.account.application.document"
    _description = "Key Account Application Document"
    _order = "sequence, id"

    application_id = fields.Many2one(
        "key.account.application", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="application_id.company_id", store=True, index=True)
    document_type_id = fields.Many2one(
        "key.account.document.type", "Document", required=True, ondelete="restrict"
    )
    name = fields.Char(related="document_type_id.name")
    sequence = fields.Integer(related="document_type_id.sequence", store=True)
    mandatory = fields.Boolean(related="document_type_id.mandatory", store=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "key_account_application_document_attachment_rel",
        "document_id",
        "attachment_id",
        "Files",
    )
    verified = fields.Boolean(
        help="Checked by the KAM department against the original.", copy=False
    )
    state = fields.Selection(
        [("missing", "Missing"), ("provided", "Provided"), ("verified", "Verified")],
        compute="_compute_state",
        store=True,
    )
    note = fields.Char()

    @api.depends("attachment_ids", "verified")
    def _compute_state(self):
        for doc in self:
            if not doc.attachment_ids:
                doc.state = "missing"
            else:
                doc.state = "verified" if doc.verified else "provided"

    @api.model_create_multi
    def create(self, vals_list):
        docs = super().create(vals_list)
        docs._check_application_editable()
        docs._bind_attachments()
        return docs

    def write(self, vals):
        if "mandatory" in vals:
            raise UserError(
                self.env._(
                    "Mandatory: whether a document is mandatory is set on the document type "
                    "(Key Accounts ‣ Configuration), not on an application."
                )
            )
        # Verifying is the deciders' part once the application is submitted.
        if set(vals) - {"verified"}:
            self._check_application_editable()
        elif not self.env.user.has_group("key_account_mgmt.group_kam_department"):
            raise UserError(
                self.env._("Verified: only the KAM Department verifies application documents.")
            )
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._bind_attachments()
        return res

    def _bind_attachments(self):
        """Bind uploaded files to their line, so whoever may read the line reads them.

        Odoo lets only its creator read an attachment bound to no record.
        """
        for doc in self:
            doc.attachment_ids.filtered(lambda a: not a.res_id).write(
                {"res_model": self._name, "res_id": doc.id}
            )

    def unlink(self):
        self._check_application_editable()
        return super().unlink()

    def _check_application_editable(self):
        locked = self.application_id.filtered(lambda a: a.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "Documents of application %(app)s can only be changed while it is a draft.",
                    app=locked[0].name,
                )
            )
