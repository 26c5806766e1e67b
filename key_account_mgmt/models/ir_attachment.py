from odoo import models

DOCUMENT_MODEL = "key.account.application.document"
# What makes a file another file, or moves it away from its checklist line.
FILE_FIELDS = frozenset({"datas", "raw", "db_datas", "store_fname", "url", "res_model", "res_id"})


class IrAttachment(models.Model):
    """Files of an application's document checklist follow the application's lock.

    Deleting or replacing such a file directly (not through the checklist line) must not
    leave a line "provided" or "verified" without it, nor change the files of an
    application that has left draft.
    """

    _inherit = "ir.attachment"

    def write(self, vals):
        if not self.env.su and FILE_FIELDS & set(vals):
            docs = self._key_account_application_documents()
            # binding a new upload to its own line is part of the upload
            binding = (
                set(vals) <= {"res_model", "res_id"}
                and vals.get("res_model") == DOCUMENT_MODEL
                and not any(self.mapped("res_id"))
            )
            if docs and not binding:
                docs.sudo()._check_application_editable()
                docs.sudo().filtered("verified").write({"verified": False})
        return super().write(vals)

    def unlink(self):
        docs = self._key_account_application_documents()
        if docs and not self.env.su:
            docs.sudo()._check_application_editable()
        res = super().unlink()
        if docs:
            # the relation rows went with the files: recompute the lines' status
            docs = docs.exists()
            docs.invalidate_recordset(["attachment_ids"])
            docs.modified(["attachment_ids"])
            docs.sudo().filtered(lambda d: d.verified and not d.attachment_ids).write(
                {"verified": False}
            )
        return res

    def _key_account_application_documents(self):
        """The checklist lines holding these files (whoever may read them)."""
        if not self.ids:
            return self.env[DOCUMENT_MODEL]
        # sudo: the lock of a line is checked whoever filed it; the lines do not leave here
        return (
            self.env[DOCUMENT_MODEL].sudo().search([("attachment_ids", "in", self.ids)]).sudo(False)
        )
