/** @odoo-module **/
/*
 * Office receipt tour: the office manager opens Key Accounts ‣ Goods ‣ Office Receipts,
 * opens the receipt awaiting acceptance and raises an objection with its reason
 * (key_account_mgmt/tests/test_tours_goods.py).
 */

import { registry } from "@web/core/registry";

const ORIGIN = "TOUR-RCPT-42";
const REASON = "Three bags torn on arrival";

registry.category("web_tour.tours").add("key_account_receipt_objection_tour", {
    url: "/odoo/action-key_account_mgmt.stock_picking_action_key_account_acceptance",
    steps: () => [
        {
            content: "the office receipts are listed",
            trigger: ".o_breadcrumb .active:contains(Office Receipts)",
        },
        {
            content: "open the receipt awaiting acceptance",
            trigger: `.o_data_row:contains(${ORIGIN}) td[name=name]`,
            run: "click",
        },
        {
            content: "it awaits acceptance",
            trigger: ".o_field_widget[name=key_account_acceptance_state]:contains(Awaiting Acceptance)",
        },
        {
            content: "raise an objection",
            trigger: ".o_form_statusbar button[name=action_key_account_object]",
            run: "click",
        },
        {
            content: "the objection wizard opens",
            trigger: ".modal .modal-title:contains(Raise Objection)",
        },
        {
            content: "give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: `edit ${REASON}`,
        },
        {
            content: "confirm the objection",
            trigger: ".modal .modal-footer button[name=action_object]",
            run: "click",
        },
        {
            content: "the receipt is objected",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=key_account_acceptance_state]:contains(Objected)",
        },
    ],
});
