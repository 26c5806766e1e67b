/** @odoo-module **/
/*
 * Contact log (客户联络表) tour: the account manager logs a phone call with his key
 * account from Key Accounts ‣ Contact Log (key_account_mgmt/tests/test_tours.py).
 */

import { registry } from "@web/core/registry";

const KEY_ACCOUNT = "KAM Tour Contact Log Ltd";
const TOPIC = "Delivery schedule for the March pour";

registry.category("web_tour.tours").add("key_account_contact_log_tour", {
    url: "/odoo/action-key_account_mgmt.key_account_contact_log_action",
    steps: () => [
        {
            content: "the contact log is open",
            trigger: ".o_breadcrumb .active:contains(Contact Log)",
        },
        {
            content: "log a new interaction",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new, .o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "the topic",
            trigger: ".o_field_widget[name=topic] input",
            run: `edit ${TOPIC}`,
        },
        {
            content: "the key account",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit KAM Tour Contact",
        },
        {
            content: "pick it",
            trigger: `.o-autocomplete--dropdown-item:contains(${KEY_ACCOUNT})`,
            run: "click",
        },
        {
            content: "the result",
            trigger: ".o_field_widget[name=result] textarea",
            run: "edit Two deliveries agreed",
        },
        {
            content: "save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "saved",
            trigger: `.o_breadcrumb .active:contains(${TOPIC})`,
        },
    ],
});
