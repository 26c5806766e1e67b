import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KeyAccountCase

APP = "key.account.application"
DOC = "key.account.application.document"


def _file(name="scan.pdf"):
    return {"name": name, "datas": base64.b64encode(b"%PDF-1.4 scan")}


@tagged("post_install", "-at_install")
class TestDocumentIntegrity(KeyAccountCase):
    """Document checklist (issues 9, 11): a file makes a line provided; the department verifies."""

    def _own_application(self, partner=None):
        """A draft application of the specialist, checklist empty (RPC-style create)."""
        return (
            self.env[APP]
            .with_user(self.specialist)
            .create(self._application_vals(partner or self.customer))
        )

    def _submitted(self, partner=None):
        app = self._make_application(partner or self.customer)
        app.with_user(self.manager).action_submit()
        return app

    def test_state_not_writable(self):
        """A specialist cannot set a line to provided without its file (write or create)."""
        app = self._own_application()
        line = app.document_ids.filtered("mandatory")[:1]
        with self.assertRaisesRegex(AccessError, "“State”.*A document line's status follows"):
            line.with_user(self.specialist).write({"state": "provided"})
        with self.assertRaisesRegex(AccessError, "“State”"):
            app.with_user(self.specialist).write(
                {"document_ids": [Command.update(line.id, {"state": "verified", "note": "ok"})]}
            )
        with self.assertRaisesRegex(AccessError, "“State”"):
            self.env[DOC].with_user(self.specialist).create(
                {
                    "application_id": app.id,
                    "document_type_id": line.document_type_id.id,
                    "state": "provided",
                }
            )
        self.assertEqual(line.state, "missing")
        self.assertFalse(line.note)
        self.assertEqual(
            len(app.document_ids), len(self.env["key.account.document.type"].search([]))
        )
        with self.assertRaisesRegex(UserError, "mandatory documents are missing"):
            app.with_user(self.specialist).action_submit()
        self.assertEqual(app.state, "draft")

    def test_verified_only_by_department(self):
        """Verified with another field, on create or through the application: department only."""
        app = self._own_application()
        self._attach_all(app)
        line = app.document_ids[0]
        as_specialist = line.with_user(self.specialist)
        with self.assertRaisesRegex(AccessError, "only the KAM Department verifies"):
            as_specialist.write({"verified": True, "note": "checked"})
        with self.assertRaisesRegex(AccessError, "only the KAM Department verifies"):
            app.with_user(self.specialist).write(
                {"document_ids": [Command.update(line.id, {"verified": True})]}
            )
        with self.assertRaisesRegex(AccessError, "only the KAM Department verifies"):
            self.env[DOC].with_user(self.specialist).create(
                {
                    "application_id": app.id,
                    "document_type_id": line.document_type_id.id,
                    "verified": True,
                    "attachment_ids": [Command.create(_file())],
                }
            )
        other = self.env["res.partner"].create({"name": "Other Ltd", "is_company": True})
        with self.assertRaisesRegex(AccessError, "only the KAM Department verifies"):
            self.env[APP].with_user(self.specialist).create(
                self._application_vals(
                    other,
                    document_ids=[
                        Command.create(
                            {
                                "document_type_id": line.document_type_id.id,
                                "verified": True,
                                "attachment_ids": [Command.create(_file())],
                            }
                        )
                    ],
                )
            )
        self.assertFalse(self.env[APP].search([("partner_id", "=", other.id)]))
        self.assertEqual(set(app.document_ids.mapped("state")), {"provided"})
        self.assertFalse(line.note)
        # the department verifies, and withdraws its verification
        line.with_user(self.dept).write({"verified": True})
        self.assertEqual(line.state, "verified")
        with self.assertRaisesRegex(AccessError, "only the KAM Department verifies"):
            as_specialist.write({"verified": False})
        self.assertEqual(line.state, "verified")
        line.with_user(self.director).write({"verified": False})
        self.assertEqual(line.state, "provided")

    def test_verified_needs_file_and_changed_files_reverified(self):
        """No verification without a file; a replaced file must be verified again."""
        app = self._own_application()
        line = app.document_ids[0]
        with self.assertRaisesRegex(ValidationError, "Verified: .* has no file to verify"):
            line.with_user(self.dept).write({"verified": True})
        self.assertFalse(line.verified)
        line.with_user(self.specialist).write({"attachment_ids": [Command.create(_file())]})
        line.with_user(self.dept).write({"verified": True})
        self.assertEqual(line.state, "verified")
        line.with_user(self.specialist).write(
            {"attachment_ids": [Command.clear(), Command.create(_file("other.pdf"))]}
        )
        self.assertEqual(line.state, "provided")
        self.assertFalse(line.verified)

    def test_file_removed_later(self):
        """Deleting the file itself leaves the line missing; after submit it is refused."""
        app = self._own_application()
        self._attach_all(app)
        line = app.document_ids.filtered("mandatory")[0]
        attachment = line.attachment_ids
        self.assertEqual(line.state, "provided")
        attachment.with_user(self.specialist).unlink()
        self.assertEqual(line.state, "missing")
        self.assertFalse(line.attachment_ids)
        with self.assertRaisesRegex(UserError, "mandatory documents are missing"):
            app.with_user(self.specialist).action_submit()
        # submitted: the files are part of the locked content
        submitted = self._submitted(
            self.env["res.partner"].create({"name": "Second Ltd", "is_company": True})
        )
        line = submitted.document_ids[0]
        attachment = line.attachment_ids
        with self.assertRaisesRegex(UserError, "only be changed while it is a draft"):
            attachment.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "only be changed while it is a draft"):
            attachment.with_user(self.manager).write({"datas": base64.b64encode(b"forged")})
        self.assertTrue(attachment.exists())
        self.assertEqual(base64.b64decode(attachment.datas), b"%PDF-1.4 test")
        self.assertEqual(line.state, "provided")

    def test_file_of_another_record_refused(self):
        """A line is provided only with a file uploaded to it, not another record's file."""
        app = self._own_application()
        line = app.document_ids[0]
        foreign = self.env["ir.attachment"].create(
            {**_file("licence.pdf"), "res_model": "res.partner", "res_id": self.customer.id}
        )
        with self.assertRaisesRegex(ValidationError, "Files: licence.pdf belongs to another"):
            line.with_user(self.specialist).write({"attachment_ids": [Command.link(foreign.id)]})
        self.assertEqual(line.state, "missing")
        self.assertEqual((foreign.res_model, foreign.res_id), ("res.partner", self.customer.id))
        for vals in (
            {"name": "empty.pdf"},
            {"name": "link.pdf", "type": "url", "url": "https://example.com/licence.pdf"},
        ):
            with self.assertRaisesRegex(ValidationError, "is empty or a link"):
                line.with_user(self.specialist).write({"attachment_ids": [Command.create(vals)]})
        self.assertEqual(line.state, "missing")
        self.assertFalse(line.attachment_ids)

    def test_department_verifies_submitted_application_in_form(self):
        """Issue 11 item 1: the department ticks verified on a submitted application's form."""
        app = self._submitted()
        form = Form(app.with_user(self.dept))
        with form.document_ids.edit(0) as line:
            line.verified = True
        form.save()
        self.assertEqual(app.document_ids[0].state, "verified")
        # the same over RPC, then the decision goes on
        app.with_user(self.dept).write(
            {"document_ids": [Command.update(app.document_ids[1].id, {"verified": True})]}
        )
        self.assertEqual(app.document_ids[1].state, "verified")
        app.with_user(self.dept).action_approval_approve()
        self.assertEqual(app.state, "approved")

    def test_submitted_content_still_locked(self):
        """Only the verification passes the lock; errors name labels, not technical fields."""
        app = self._submitted()
        line = app.document_ids[0]
        for vals in (
            {"document_ids": [Command.update(line.id, {"note": "changed"})]},
            {"document_ids": [Command.update(line.id, {"verified": True, "note": "changed"})]},
            {"document_ids": [Command.update(line.id, {"verified": True})], "contract_amount": 1},
            {"document_ids": [Command.delete(line.id)]},
        ):
            with self.assertRaisesRegex(UserError, "only be changed while it is a draft") as cm:
                app.with_user(self.dept).write(vals)
            self.assertNotIn("document_ids", str(cm.exception))
            self.assertNotIn("contract_amount", str(cm.exception))
        with self.assertRaisesRegex(UserError, r"content \(Requested Tier\)"):
            app.with_user(self.manager).write({"requested_tier_id": self.tier_a.id})
        with self.assertRaisesRegex(AccessError, "only the KAM Department verifies"):
            app.with_user(self.manager).write(
                {"document_ids": [Command.update(line.id, {"verified": True})]}
            )
        self.assertFalse(line.note)
        self.assertFalse(line.verified)
        self.assertTrue(line.exists())
        self.assertFalse(app.contract_amount)

    def test_no_verification_after_decision(self):
        """Once decided, the department's verification is closed too."""
        app = self._submitted()
        app.with_user(self.dept).action_approval_approve()
        with self.assertRaisesRegex(UserError, "Verified: application .* is Approved"):
            app.document_ids[0].with_user(self.dept).write({"verified": True})
        self.assertFalse(app.document_ids[0].verified)

    def test_line_not_moved_to_another_application(self):
        """A line with its file cannot be moved onto another (submitted) application."""
        draft = self._own_application()
        self._attach_all(draft)
        submitted = self._submitted(
            self.env["res.partner"].create({"name": "Second Ltd", "is_company": True})
        )
        line = draft.document_ids[0]
        with self.assertRaisesRegex(UserError, "Application: a document line belongs to its"):
            line.with_user(self.manager).write({"application_id": submitted.id})
        with self.assertRaisesRegex(UserError, "Company"):
            line.with_user(self.manager).write({"company_id": False})
        self.assertEqual(line.application_id, draft)
        self.assertEqual(line.company_id, self.company)

    def test_checklist_lines_left_out_or_deleted(self):
        """Leaving a mandatory line out of the checklist, or deleting it, does not submit."""
        licence = self.env.ref("key_account_mgmt.document_type_business_licence")
        app = (
            self.env[APP]
            .with_user(self.specialist)
            .create(
                self._application_vals(
                    self.customer,
                    document_ids=[
                        Command.create(
                            {
                                "document_type_id": licence.id,
                                "attachment_ids": [Command.create(_file())],
                            }
                        )
                    ],
                )
            )
        )
        self.assertEqual(app.document_ids.state, "provided")
        self.assertFalse(app.document_complete)
        with self.assertRaisesRegex(UserError, "mandatory documents are missing: .*Tax"):
            app.with_user(self.specialist).action_submit()
        self.assertEqual(app.state, "draft")
        other = self._own_application(
            self.env["res.partner"].create({"name": "Third Ltd", "is_company": True})
        )
        self._attach_all(other)
        other.with_user(self.specialist).write(
            {"document_ids": [Command.delete(other.document_ids.filtered("mandatory")[0].id)]}
        )
        with self.assertRaisesRegex(UserError, "mandatory documents are missing"):
            other.with_user(self.specialist).action_submit()
        self.assertEqual(other.state, "draft")
