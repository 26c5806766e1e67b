/** @odoo-module **/
/*
 * Issue 11 item 2: the account manager starts an application on his phone and uploads a
 * document right on its checklist card (file or camera), without a generic form and
 * without a picker of other records' attachments. The data come from
 * key_account_mgmt/tests/test_tours_document_upload.py, which checks the outcome.
 */

import { registry } from "@web/core/registry";
import {
    openApp,
    openMenu,
    pickMany2one,
    pickPdf,
} from "@key_account_mgmt/../tests/tours/tour_utils";

const CUSTOMER = "KAM Tour Upload Ltd";
const DOCUMENT = "Business Licence";
const FILE_NAME = "business_licence_photo.pdf";
const CARD = `.o_field_widget[name=document_ids] .o_kanban_record:has(span:contains(${DOCUMENT}))`;

registry.category("web_tour.tours").add("key_account_document_upload_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_accounts",
            "key_account_mgmt.key_account_application_menu",
            "Qualification Applications"
        ),
        {
            content: "start a new application",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new, .o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        ...pickMany2one("partner_id", "Tour Upload", CUSTOMER),
        ...pickMany2one("requested_tier_id", "Grade B", "Grade B", { phoneSearch: false }),
        {
            content: "open the Documents tab",
            trigger: ".o_notebook a.nav-link[name=documents]",
            run: "click",
        },
        {
            content: `the ${DOCUMENT} card offers the camera`,
            trigger: `${CARD} .o_kam_document_upload button.o_kam_camera`,
        },
        {
            content: `the camera input takes photos (or PDFs from the files)`,
            trigger: `${CARD} .o_kam_document_upload input[type=file][capture]:not(:visible)`,
        },
        {
            content: `upload a file right on the ${DOCUMENT} card`,
            trigger: `${CARD} .o_kam_document_upload button.o_kam_upload`,
            run() {
                pickPdf(this.anchor, FILE_NAME, "%PDF-1.4 photo of the business licence");
            },
        },
        {
            content: "the file shows on the card, no dialog opened",
            trigger: `body:not(:has(.modal)) ${CARD} .o_attachment[title="${FILE_NAME}"]`,
        },
        {
            content: "save the application",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "saved",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_saved",
        },
        {
            content: "the saved card shows the file",
            trigger: `${CARD} .o_attachment[title="${FILE_NAME}"]`,
        },
        {
            content: `tap the ${DOCUMENT} card`,
            trigger: `${CARD} span:contains(${DOCUMENT})`,
            run: "click",
        },
        {
            content: "a clean form: the document, its files and note, no technical fields",
            trigger: `.modal .o_form_view:has(.o_field_widget[name=attachment_ids] .o_attachment[title="${FILE_NAME}"]):not(:has(.o_field_widget[name=application_id])):not(:has(.o_field_widget[name=sequence])):not(:has(.o_field_widget[name=company_id])):not(:has(.o_field_widget[name=verified]))`,
        },
        {
            content: "no picker of attachments in the form",
            trigger: ".modal .o_form_view:not(:has(.o_field_x2many_list_row_add)):not(:has(.o-kanban-button-new))",
        },
        {
            content: "close the form",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "back on the application, the file still on the card",
            trigger: `body:not(:has(.modal)) ${CARD} .o_attachment[title="${FILE_NAME}"]`,
        },
        {
            content: "show the card with its file (the README's screenshot)",
            trigger: CARD,
            run() {
                this.anchor.scrollIntoView({ block: "center" });
            },
        },
    ],
});
