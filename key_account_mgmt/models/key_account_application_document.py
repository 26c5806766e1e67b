from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class KeyAccountApplicationDocument(models.Model):
    """A line of the application's document checklist, with its attachments and state.

    =============  ==============================  ====================================
    field          who                             rule
    =============  ==============================  ====================================
    files, note    the applicant's team            while the application is a draft;
                                                   only files uploaded to this line
    verified       KAM department (and director)   draft or submitted application, the
                                                   line has a file; new or changed
                                                   files must be verified again
    state          nobody                          follows the files and ``verified``
    =============  ==============================  ====================================
    """

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
        # Only the line's own files are offered (never other records' attachments, asset
        # bundles or other users' files); the server refuses any other (_bind_attachments).
        domain="[('res_model', '=', 'key.account.application.document'), ('res_id', '=', id)]",
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

    # Derived from the files and the verification, or from the document type.
    # Application states in which the department may (un)verify a line.
    _VERIFY_STATES = ("draft", "submitted")

    @api.depends("attachment_ids", "verified")
    def _compute_state(self):
        for doc in self:
            if not doc.attachment_ids:
                doc.state = "missing"
            else:
                doc.state = "verified" if doc.verified else "provided"

    @api.constrains("verified", "attachment_ids")
    def _check_verified_has_file(self):
        for doc in self:
            if doc.verified and not doc.attachment_ids:
                raise ValidationError(
                    self.env._(
                        "Verified: document %(doc)s of application %(app)s has no file to verify.",
                        doc=doc.name,
                        app=doc.application_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get("verified") for vals in vals_list):
            self._check_can_verify()
        docs = super().create(vals_list)
        docs._check_application_editable()
        if any(vals.get("verified") for vals in vals_list):
            docs.filtered("verified")._check_verify_state()
        docs._bind_attachments()
        return docs

    def write(self, vals):
        if "application_id" in vals and any(
            doc.application_id.id != vals["application_id"] for doc in self
        ):
            raise UserError(
                self.env._(
                    "Application: a document line belongs to its application; it cannot be "
                    "moved to another one."
                )
            )
        if set(vals) - {"verified"}:
            self._check_application_editable()
        if "verified" in vals and not self.env.su:
            self._check_can_verify()
            self._check_verify_state()
        if "attachment_ids" in vals and "verified" not in vals and any(self.mapped("verified")):
            # Changed files are not the files the department verified.
            vals = dict(vals, verified=False)
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._bind_attachments()
        return res

    def unlink(self):
        self._check_application_editable()
        return super().unlink()

    # ------------------------------------------------------------------ rules
    @api.model
    def _field_label(self, fname):
        return self._fields[fname].get_description(self.env)["string"]

    def _kam_guarded_hint(self, field_names):
        return self.env._(
            "A document line's status follows its files and the KAM department's "
            "verification, and whether it is mandatory is set on the document type "
            "(Key Accounts ‣ Configuration); neither is written on an application."
        )

    @api.model
    def _check_can_verify(self):
        if not self.env.user.has_group("key_account_mgmt.group_kam_department"):
            raise AccessError(
                self.env._("Verified: only the KAM Department verifies application documents.")
            )

    def _check_verify_state(self):
        for doc in self:
            app = doc.application_id
            if app.state not in self._VERIFY_STATES:
                raise UserError(
                    self.env._(
                        "Verified: application %(app)s is %(state)s; its documents are "
                        "verified while it is a draft or submitted.",
                        app=app.name,
                        state=app._state_label(),
                    )
                )

    def _bind_attachments(self):
        """Bind uploaded files to their line, so whoever may read the line reads them.

        Odoo lets only its creator read an attachment bound to no record; a file bound to
        another record is not this line's document and is refused.
        """
        for doc in self:
            attachments = doc.attachment_ids
            if not attachments:
                continue
            foreign = attachments.filtered(lambda a, doc=doc: not doc._is_own_file(a))
            if foreign:
                raise ValidationError(
                    self.env._(
                        "Files: %(file)s belongs to another record; upload the file to "
                        "document %(doc)s itself.",
                        file=foreign[0].sudo().name,
                        doc=doc.name,
                    )
                )
            empty = attachments.filtered(lambda a: a.type != "binary" or not a.file_size)
            if empty:
                raise ValidationError(
                    self.env._(
                        "Files: %(file)s is empty or a link; document %(doc)s is provided "
                        "with the file itself.",
                        file=empty[0].name,
                        doc=doc.name,
                    )
                )
            unbound = attachments - foreign
            # Only the uploader may claim an unbound file (Odoo's rule for those files).
            unbound.check_access("read")
            unbound.filtered(lambda a: not a.res_id).write(
                {"res_model": self._name, "res_id": doc.id}
            )

    def _is_own_file(self, attachment):
        """A file of this line: bound to it, or a fresh upload of the acting user.

        Never another record's file, an asset bundle or a public file, nor a file another
        user uploaded and left unbound.
        """
        self.ensure_one()
        att = attachment.sudo()
        if att.res_id:
            return (att.res_model, att.res_id) == (self._name, self.id)
        if att.res_model not in (False, self._name) or att.res_field or att.public:
            return False
        return self.env.su or att.create_uid == self.env.user

    def _check_application_editable(self):
        locked = self.application_id.filtered(lambda a: a.state != "draft")
        if locked:
            raise UserError(
                self.env._(
                    "Documents of application %(app)s can only be changed while it is a draft.",
                    app=locked[0].name,
                )
            )
