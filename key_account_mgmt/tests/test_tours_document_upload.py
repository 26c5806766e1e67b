"""Issue 11 item 2: tour of the document upload on the phone (and the README screenshot)."""

import base64
import os
from unittest.mock import patch

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import ChromeBrowser

# Shared with key_account_mgmt/static/tests/tours/key_account_document_upload_tour.js.
CUSTOMER = "KAM Tour Upload Ltd"
FILE_NAME = "business_licence_photo.pdf"
# Where the README's phone screenshot is written, when set (tools: `make screenshots`).
SCREENSHOT_ENV = "KAM_SCREENSHOT_DOCUMENT_UPLOAD"


@tagged("post_install", "-at_install")
class TestDocumentUploadTour(HttpCase):
    """Issue 11 item 2 at phone size (390×844, touch): the account manager uploads a
    document on a checklist card of a new application."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account_manager = new_test_user(
            cls.env,
            login="kam_upload_am",
            name="KAM Tour Upload Account Manager",
            groups="base.group_user,key_account_mgmt.group_kam_specialist",
        )
        cls.customer = cls.env["res.partner"].create({"name": CUSTOMER, "is_company": True})

    def _start_tour_with_screenshot(self):
        path = os.environ.get(SCREENSHOT_ENV)
        if not path:
            return self.start_tour(
                "/odoo", "key_account_document_upload_tour", login=self.account_manager.login
            )
        stop = ChromeBrowser.stop

        def stop_after_screenshot(browser):
            shot = browser._websocket_request("Page.captureScreenshot", timeout=30)
            with open(path, "wb") as file:
                file.write(base64.b64decode(shot["data"]))
            return stop(browser)

        with patch.object(ChromeBrowser, "stop", stop_after_screenshot):
            return self.start_tour(
                "/odoo", "key_account_document_upload_tour", login=self.account_manager.login
            )

    def test_upload_on_checklist_card_phone(self):
        """On his phone the account manager uploads a file right on a checklist card; it is
        saved on the line, bound to it, and the card opens a clean form."""
        self.browser_size = "390x844"
        self.touch_enabled = True
        self._start_tour_with_screenshot()
        self.env.invalidate_all()
        app = self.env["key.account.application"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(app), 1)
        self.assertEqual(app.user_id, self.account_manager)
        line = app.document_ids.filtered(
            lambda d: (
                d.document_type_id
                == self.env.ref("key_account_mgmt.document_type_business_licence")
            )
        )
        self.assertEqual(line.attachment_ids.mapped("name"), [FILE_NAME])
        self.assertEqual(
            (line.attachment_ids.res_model, line.attachment_ids.res_id), (line._name, line.id)
        )
        self.assertEqual(line.state, "provided")
        self.assertFalse(line.verified)
        self.assertFalse((app.document_ids - line).attachment_ids)
