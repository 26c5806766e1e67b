/** @odoo-module **/
/*
 * Gift request (礼品馈赠申请表) tour: the account manager files a gift for a key contact
 * of his key account from his phone and submits it for approval
 * (key_account_mgmt/tests/test_tours_gift.py checks the result on the server).
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { openApp, openMenu, pickMany2one } from "@key_account_mgmt/../tests/tours/tour_utils";

const KEY_ACCOUNT = "KAM Tour Gift Ltd";
const RECIPIENT = "Mr Tour Zhang";
const GIFT = "KAM Tour Tea Gift Box";
const REASON = "Spring Festival greetings to the purchasing director";

registry.category("web_tour.tours").add("key_account_gift_request_tour", {
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
        ...pickMany2one("partner_id", "KAM Tour Gift", KEY_ACCOUNT),
        // the account's key contacts only: a short list of cards on the phone
        ...pickMany2one("recipient_id", "Tour Zhang", RECIPIENT, { phoneSearch: false }),
        ...pickMany2one("product_id", "Tour Tea", GIFT),
        {
            content: "the unit value comes from the gift's cost",
            trigger: ".o_field_widget[name=unit_value] input:value(300.00)",
        },
        {
            content: "two boxes",
            trigger: ".o_field_widget[name=quantity] input",
            run: "edit 2",
        },
        {
            content: "the occasion",
            trigger: ".o_field_widget[name=occasion] select",
            run: "selectByLabel Spring Festival",
        },
        {
            content: "the reason",
            trigger: ".o_field_widget[name=reason] textarea",
            run: `edit ${REASON}`,
        },
        {
            content: "the budget of the account is shown (tier B)",
            trigger: ".o_field_widget[name=gift_budget]:contains(10,000.00)",
        },
        {
            content: "the total value",
            trigger: ".o_field_widget[name=amount_total]:contains(600.00)",
        },
        {
            content: "save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "saved",
            trigger: ".o_form_saved",
        },
        ...stepUtils.statusbarButtonsSteps("Submit", "submit it for approval"),
        {
            // on a narrow phone the status bar folds into one button showing the state
            content: "the request waits for its approval",
            trigger: ".o_statusbar_status button.o_arrow_button_current:visible:contains(Awaiting Approval), .o_statusbar_status .dropdown-toggle:visible:contains(Awaiting Approval)",
        },
        {
            content: "it says whose decision it waits for",
            trigger: ".alert-info:contains(Waiting for:):contains(KAM Tour Office Manager)",
        },
    ],
});
