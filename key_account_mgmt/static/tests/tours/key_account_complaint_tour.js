/** @odoo-module **/
/*
 * Complaint (客户投诉处理流程) tours, one per department (the server test
 * key_account_mgmt/tests/test_tours_complaint.py runs them in turn and checks the record):
 *  - key_account_complaint_service_tour: customer service files a complaint, dispatches
 *    it and sends it to technical review (desktop);
 *  - key_account_complaint_judge_tour: the technician judges it and starts the rework
 *    (desktop);
 *  - key_account_complaint_rework_tour: the technician records a passed rework (phone);
 *  - key_account_complaint_reply_tour: customer service replies and closes it (desktop).
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { openApp, openMenu, pickMany2one } from "@key_account_mgmt/../tests/tours/tour_utils";

const CONTACT = "Tour Complainant Li";
const DESCRIPTION = "Mortar batch 12 hardens too fast";
const JUDGEMENT = "Retarder dosage too low in batch 12";
const REPLY = "The batch is replaced free of charge";

function editHtml(fieldName, text) {
    return [
        {
            content: `focus ${fieldName}`,
            trigger: `.o_field_widget[name=${fieldName}] .odoo-editor-editable`,
            run: "click",
        },
        {
            content: `write ${fieldName}`,
            trigger: `.o_field_widget[name=${fieldName}] .odoo-editor-editable`,
            run: `editor ${text}`,
        },
    ];
}

function statusIs(label) {
    return {
        content: `the complaint is ${label}`,
        trigger: `.o_statusbar_status button.o_arrow_button_current:contains(${label})`,
    };
}

registry.category("web_tour.tours").add("key_account_complaint_service_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_accounts",
            "key_account_mgmt.key_account_complaint_menu",
            "Complaints and Suggestions"
        ),
        {
            content: "record a new complaint",
            trigger: ".o_control_panel_main_buttons .o_list_button_add, .o_control_panel_main_buttons .o-kanban-button-new",
            run: "click",
        },
        ...pickMany2one("partner_id", "Complainant Li", CONTACT),
        {
            content: "the key account follows the contact",
            trigger: ".o_field_widget[name=commercial_partner_id]:contains(KAM Tour Complaint Ltd)",
        },
        ...editHtml("description", DESCRIPTION),
        ...stepUtils.saveForm(),
        ...stepUtils.statusbarButtonsSteps("Dispatch", "dispatch it to the KAM department"),
        statusIs("Dispatched"),
        ...stepUtils.statusbarButtonsSteps(
            "Send to Technical Review",
            "hand it to the technical department"
        ),
        statusIs("Technical Review"),
    ],
});

registry.category("web_tour.tours").add("key_account_complaint_judge_tour", {
    steps: () => [
        statusIs("Technical Review"),
        {
            content: "open the judgement",
            trigger: ".o_notebook .nav-link:contains(Technical Judgement)",
            run: "click",
        },
        {
            content: "our fault",
            trigger: ".o_field_widget[name=responsibility] select",
            run: 'selectByLabel Our Fault',
        },
        {
            content: "the reasoning",
            trigger: ".o_field_widget[name=judgement] textarea",
            run: `edit ${JUDGEMENT}`,
        },
        {
            content: "physical processing",
            trigger: ".o_field_widget[name=rework_type] select",
            run: "selectByLabel Physical Processing",
        },
        ...stepUtils.saveForm(),
        {
            content: "the server recorded who judged",
            trigger: ".o_field_widget[name=judged_by_id]:contains(KAM Tour Technician)",
        },
        ...stepUtils.statusbarButtonsSteps("Start Rework", "start the rework"),
        statusIs("Rework"),
    ],
});

registry.category("web_tour.tours").add("key_account_complaint_rework_tour", {
    steps: () => [
        {
            content: "the complaint is in rework (the phone's status menu)",
            trigger: ".o_statusbar_status:contains(Rework)",
        },
        {
            content: "open the rework page",
            trigger: ".o_notebook .nav-link:contains(Rework)",
            run: "click",
        },
        {
            content: "add a rework",
            trigger: ".o_field_widget[name=rework_line_ids] .o_field_x2many_list_row_add a, .o_field_widget[name=rework_line_ids] .o-kanban-button-new",
            run: "click",
        },
        {
            content: "two tonnes reworked",
            trigger: ".modal .o_field_widget[name=quantity] input",
            run: "edit 2",
        },
        {
            content: "it passed",
            trigger: ".modal .o_field_widget[name=result] input[data-value=passed]",
            run: "click",
        },
        {
            content: "keep the rework",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "the dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        ...stepUtils.saveForm(),
        {
            content: "the result is shown",
            trigger: ".o_field_widget[name=rework_line_ids]:contains(Passed)",
        },
    ],
});

registry.category("web_tour.tours").add("key_account_complaint_reply_tour", {
    steps: () => [
        statusIs("Rework"),
        {
            content: "open the reply page",
            trigger: ".o_notebook .nav-link:contains(Reply)",
            run: "click",
        },
        ...editHtml("reply", REPLY),
        ...stepUtils.saveForm(),
        ...stepUtils.statusbarButtonsSteps("Reply to Customer", "reply to the customer"),
        statusIs("Replied"),
        ...stepUtils.statusbarButtonsSteps("Satisfied: Close", "the customer is satisfied"),
        statusIs("Closed"),
    ],
});
