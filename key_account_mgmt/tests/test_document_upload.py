"""Issue 11 item 2: the files a checklist line offers and takes (RPC)."""

import base64

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from .common import KeyAccountCase

DOC = "key.account.application.document"
PDF = base64.b64encode(b"%PDF-1.4 own file")


class TestDocumentFilePicker(KeyAccountCase):
    """Issue 11 item 2: a checklist line offers and takes only its own files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.app = (
            cls.env["key.account.application"]
            .with_user(cls.specialist)
            .create(cls._application_vals(cls.customer, account_manager_id=cls.specialist.id))
        )
        cls.line, cls.other_line = cls.app.document_ids[:2]
        cls.own = (
            cls.env["ir.attachment"]
            .with_user(cls.specialist)
            .create({"name": "own.pdf", "datas": PDF, "res_model": DOC, "res_id": 0})
        )
        cls.line.with_user(cls.specialist).attachment_ids = [Command.link(cls.own.id)]
        # what the picker of the old generic form listed: asset bundles, other users' files
        cls.bundle = cls.env["ir.attachment"].create(
            {
                "name": "web.assets_backend.min.js",
                "raw": b"/* bundle */",
                "res_model": "ir.ui.view",
                "public": True,
                "url": "/web/assets/1/web.assets_backend.min.js",
            }
        )
        cls.foreign = (
            cls.env["ir.attachment"]
            .with_user(cls.manager)
            .create({"name": "someone_else.png", "datas": PDF})
        )
        cls.partner_file = cls.env["ir.attachment"].create(
            {
                "name": "partner.pdf",
                "datas": PDF,
                "res_model": "res.partner",
                "res_id": cls.customer.id,
            }
        )

    def _picker_domain(self, line):
        """The domain the client puts on the picker: the field's domain, evaluated."""
        fields = self.env[DOC].with_user(self.specialist).fields_get(["attachment_ids"])
        return safe_eval(fields["attachment_ids"]["domain"], {"id": line.id})

    def test_picker_lists_only_the_lines_own_files(self):
        """Searching files for a line over RPC (name_search, web_search_read) with the
        field's domain returns that line's own files, nothing else."""
        Attachment = self.env["ir.attachment"].with_user(self.specialist)
        domain = self._picker_domain(self.line)
        found = Attachment.name_search("", domain, limit=None)
        self.assertEqual([i for i, _name in found], self.own.ids)
        read = Attachment.web_search_read(domain, {"name": {}})
        self.assertEqual([r["id"] for r in read["records"]], self.own.ids)
        self.assertFalse(Attachment.search(self._picker_domain(self.other_line)))

    def test_other_records_files_refused(self):
        """Linking an asset bundle, another record's file or another user's upload to a
        line over RPC is refused, naming the field; the line keeps its files."""
        line = self.line.with_user(self.specialist)
        for attachment in (self.bundle, self.foreign, self.partner_file):
            with self.assertRaisesRegex(ValidationError, "^Files: .* upload the file"):
                line.write({"attachment_ids": [Command.link(attachment.id)]})
            with self.assertRaisesRegex(ValidationError, "^Files: "):
                self.app.with_user(self.specialist).write(
                    {
                        "document_ids": [
                            Command.update(
                                line.id, {"attachment_ids": [Command.set([attachment.id])]}
                            )
                        ]
                    }
                )
        self.assertEqual(self.line.attachment_ids, self.own)
        self.assertEqual(self.bundle.res_model, "ir.ui.view")
        self.assertFalse(self.foreign.res_id)

    def test_own_upload_bound_to_its_line(self):
        """A fresh upload of the acting user is bound to the line that takes it."""
        upload = (
            self.env["ir.attachment"]
            .with_user(self.specialist)
            .create({"name": "tax.pdf", "datas": PDF, "res_model": DOC, "res_id": 0})
        )
        self.other_line.with_user(self.specialist).write(
            {"attachment_ids": [Command.link(upload.id)]}
        )
        self.assertEqual((upload.res_model, upload.res_id), (DOC, self.other_line.id))
        self.assertEqual(self.other_line.state, "provided")
