/** @odoo-module **/
/*
 * Issue 11 item 9 (desktop): the account's first gift goes to a person who is not yet
 * one of its key contacts; the account manager creates the recipient from the field, as
 * a key contact of the account. key_account_mgmt/tests/test_tours_gift_recipient.py
 * prepares the data and checks the result.
 */

import { registry } from "@web/core/registry";
import {
    openApp,
    openMenu,
    selectMany2one,
} from "@key_account_mgmt/../tests/tours/tour_utils";

const KEY_ACCOUNT = "KAM Tour No Contact Ltd";
const RECIPIENT = "Ms Tour Li Na";
const GIFT = "KAM Tour Moon Cakes";

registry.category("web_tour.tours").add("key_account_gift_recipient_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_accounts",
            "key_account_mgmt.key_account_gift_request_menu",
            "Gift Requests"
        ),
        {
            content: "file a new gift request",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new, .o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        ...selectMany2one("partner_id", "Tour No Contact", KEY_ACCOUNT),
        {
            content: "type the name of the new recipient",
            trigger: ".o_field_widget[name=recipient_id] input",
            run: `edit ${RECIPIENT}`,
        },
        {
            content: "create the recipient from the field",
            trigger: ".o_field_widget[name=recipient_id] .o-autocomplete--dropdown-menu .o_m2o_dropdown_option_create a",
            run: "click",
        },
        {
            content: "the new recipient is set",
            trigger: `.o_field_widget[name=recipient_id] input:value(${RECIPIENT})`,
        },
        ...selectMany2one("product_id", "Tour Moon", GIFT),
        {
            content: "the occasion",
            trigger: ".o_field_widget[name=occasion] select",
            run: "selectByLabel Mid-Autumn Festival",
        },
        {
            content: "the reason",
            trigger: ".o_field_widget[name=reason] textarea",
            run: "edit Mid-Autumn greetings to the new purchasing manager",
        },
        {
            content: "save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "saved without an error",
            trigger: "body:not(:has(.o_error_dialog)) .o_form_saved",
        },
        {
            content: "the recipient is kept",
            trigger: `.o_field_widget[name=recipient_id]:contains(${RECIPIENT}), .o_field_widget[name=recipient_id] input:value(${RECIPIENT})`,
        },
    ],
});
