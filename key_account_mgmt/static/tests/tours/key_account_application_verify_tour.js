/** @odoo-module **/
/*
 * Issue 11 item 1: the KAM department verifies documents on the form of a submitted
 * application and approves it in the same breath. The data come from
 * key_account_mgmt/tests/test_tours_application_verify.py, which checks the outcome.
 */

import { registry } from "@web/core/registry";
import { openApp, openMenu } from "@key_account_mgmt/../tests/tours/tour_utils";

const VERIFY_CUSTOMER = "KAM Tour Verified Ltd";
const VERIFIED_DOCUMENTS = ["Business Licence", "Tax Registration"];

function verifyDocument(docLabel) {
    const row = `.o_field_widget[name=document_ids] .o_data_row:has(td[name=name]:contains(${docLabel}))`;
    return [
        {
            content: `select the document line "${docLabel}"`,
            trigger: `${row} td[name=name]`,
            run: "click",
        },
        {
            content: `tick "verified" on "${docLabel}"`,
            trigger: `${row}.o_selected_row .o_field_widget[name=verified] input`,
            run: "click",
        },
        {
            content: `"${docLabel}" is ticked`,
            trigger: `${row} .o_field_widget[name=verified] input:checked`,
        },
    ];
}

registry.category("web_tour.tours").add("key_account_application_verify_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_accounts",
            "key_account_mgmt.key_account_application_menu",
            "Qualification Applications"
        ),
        {
            content: "open the submitted application",
            trigger: `.o_data_row:has(td[name=partner_id]:contains(${VERIFY_CUSTOMER})) td[name=name]`,
            run: "click",
        },
        {
            content: "the application is submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Submitted)",
        },
        {
            content: "open the Documents tab",
            trigger: ".o_notebook a.nav-link[name=documents]",
            run: "click",
        },
        ...VERIFIED_DOCUMENTS.flatMap(verifyDocument),
        {
            content: "save the verification",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "saved without an error",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_saved",
        },
        {
            content: "the verified lines show it",
            trigger: ".o_field_widget[name=document_ids] .o_data_row:contains(Business Licence) .o_field_widget[name=state]:contains(Verified)",
        },
        {
            content: "approve",
            trigger: ".o_statusbar_buttons button[name=action_approval_approve]",
            run: "click",
        },
        {
            content: "the application is approved",
            trigger: "body:not(:has(.o_error_dialog)) .o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
    ],
});
