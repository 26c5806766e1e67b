/** @odoo-module **/
/*
 * Issue 11: approvals decided where they arrive, the requester told the outcome, the
 * approval to-do not dropped by "Mark Done", an application's office. The data come
 * from key_account_mgmt/tests/test_tours_approval_ui.py, which checks the server side
 * after each tour.
 */

import { registry } from "@web/core/registry";
import { openApp, openMenu, rejectWithReason } from "@key_account_mgmt/../tests/tours/tour_utils";

const CUSTOMER = "KAM Card Customer Ltd";
const ORDER_A = "KAM-CARD-A";
const ORDER_B = "KAM-CARD-B";
const REASON = "Discount above the agreed floor";

const card = (order) => `.o_kanban_view .o_kanban_record:contains(${order})`;

/** The approval cards, as the approver sees them on his phone (ends on the cards). */
registry.category("web_tour.tours").add("kam_approval_cards_phone_tour", {
    steps: () => [
        {
            content: "the card names the document type, the order and its customer",
            trigger: `${card(ORDER_A)}:has(.o_kam_document_type:contains(Sales Order)):has(.o_kam_customer:contains(${CUSTOMER}))`,
        },
        {
            content: "the card shows the amount and the step",
            trigger: `${card(ORDER_A)}:has([name=amount]:contains(150,000.00)):has(.o_kam_step:contains(Step 1/2 Sign))`,
        },
        {
            content: "the card carries Approve and Reject",
            trigger: `${card(ORDER_A)} button[name=action_approve]:contains(Approve) + button[name=action_reject]:contains(Reject)`,
        },
        {
            content: "the second order's card is there too",
            trigger: `${card(ORDER_B)} button[name=action_approve]`,
        },
    ],
});

/** The approver opens the order from its card, then decides both cards. */
registry.category("web_tour.tours").add("kam_approval_card_decide_phone_tour", {
    steps: () => [
        {
            content: "tap the card of the first order",
            trigger: `${card(ORDER_A)} .o_kam_customer`,
            run: "click",
        },
        {
            content: "the order itself opens",
            trigger: `.o_form_view .oe_title [name=name]:contains(${ORDER_A})`,
        },
        {
            content: "its approval buttons are at hand on the phone (not in the gear menu)",
            trigger: ".o_form_view .o_kam_phone_actions button.btn-primary[name=action_approval_approve]:visible",
        },
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_approvals",
            "key_account_mgmt.key_account_approval_menu",
            "To Approve"
        ),
        {
            content: "approve the first order from its card",
            trigger: `${card(ORDER_A)} button[name=action_approve]`,
            run: "click",
        },
        {
            content: "the first order no longer waits for me",
            trigger: `.o_kanban_view:not(:has(${card(ORDER_A)}))`,
        },
        {
            content: "reject the second order from its card",
            trigger: `${card(ORDER_B)} button[name=action_reject]`,
            run: "click",
        },
        ...rejectWithReason("Reject", REASON),
        {
            content: "the second order no longer waits for me",
            trigger: `.o_kanban_view:not(:has(${card(ORDER_B)}))`,
        },
    ],
});

/**
 * The salesperson opens his approved quotation: it says it is approved, Confirm is the
 * primary button (Send by Email is not), and his to-do says to confirm it.
 */
registry.category("web_tour.tours").add("kam_approval_outcome_tour", {
    steps: () => [
        {
            content: "the quotation is open",
            trigger: `.o_form_view .oe_title [name=name]:contains(${ORDER_A})`,
        },
        {
            content: "it shows its approval state",
            trigger: ".o_form_view .o_field_widget[name=approval_state] .badge:contains(Approved)",
        },
        {
            content: "and the Approved ribbon",
            trigger: ".o_form_view .ribbon:contains(Approved)",
        },
        {
            isActive: ["desktop"],
            content: "Confirm is the primary button",
            trigger: ".o_statusbar_buttons button.btn-primary[name=action_confirm]:visible",
        },
        {
            isActive: ["desktop"],
            content: "no grey Confirm and no primary Send by Email",
            trigger: ".o_statusbar_buttons:not(:has(button.btn-secondary[name=action_confirm]:visible)):not(:has(button.btn-primary[name=action_quotation_send]:visible))",
        },
        {
            isActive: ["mobile"],
            content: "Confirm is the primary button at hand",
            trigger: ".o_form_view .o_kam_phone_actions button.btn-primary[name=action_confirm]:visible",
        },
        {
            content: "the to-do asks to confirm the order",
            trigger: ".o-mail-Activity:contains(Confirm the order)",
        },
        {
            isActive: ["desktop"],
            content: "confirm",
            trigger: ".o_statusbar_buttons button.btn-primary[name=action_confirm]",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "confirm",
            trigger: ".o_form_view .o_kam_phone_actions button[name=action_confirm]",
            run: "click",
        },
        {
            content: "the order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sales Order)",
        },
    ],
});

/** The approver tries "Mark Done" on his approval to-do: refused, the to-do stays. */
registry.category("web_tour.tours").add("kam_approval_mark_done_tour", {
    steps: () => [
        {
            content: "the quotation is open",
            trigger: `.o_form_view .oe_title [name=name]:contains(${ORDER_A})`,
        },
        {
            content: "mark the approval to-do done",
            trigger: ".o-mail-Activity:contains(Step 1/2 Sign) .o-mail-Activity-markDone",
            run: "click",
        },
        {
            content: "write a feedback",
            trigger: ".o-mail-ActivityMarkAsDone textarea",
            run: "edit Looks fine",
        },
        {
            content: "done",
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label=Done]",
            run: "click",
        },
        {
            content: "refused: decide with Approve Step or Reject Step",
            trigger: ".modal .modal-body:contains(Approve Step or Reject Step)",
        },
        {
            content: "close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "the to-do is still there",
            trigger: "body:not(:has(.modal)) .o-mail-Activity:contains(Step 1/2 Sign)",
        },
        {
            content: "Approve Step is the primary button, before Send by Email",
            trigger: ".o_statusbar_buttons button.btn-primary[name=action_approval_approve]:visible",
        },
        {
            content: "Send by Email is not primary",
            trigger: ".o_statusbar_buttons:not(:has(button.btn-primary[name=action_quotation_send]:visible))",
        },
    ],
});

/** The account manager starts an application: the office is his team's, and required. */
registry.category("web_tour.tours").add("kam_application_office_tour", {
    steps: () => [
        {
            content: "the new application proposes the office of my team",
            trigger: ".o_form_view .o_field_widget[name=team_id] input:value(KAM UI Office)",
        },
        {
            content: "clear the office",
            trigger: ".o_form_view .o_field_widget[name=team_id] input",
            run: "clear",
        },
        {
            content: "pick the customer",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit KAM Office Customer",
        },
        {
            content: "pick the proposal",
            trigger: ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-menu .ui-menu-item a:contains(KAM Office Customer)",
            run: "click",
        },
        {
            content: "submit",
            trigger: ".o_statusbar_buttons button[name=action_submit]",
            run: "click",
        },
        {
            content: "refused: the office is required",
            trigger: ".modal .modal-body:contains(Office is required)",
        },
        {
            content: "close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "still a draft",
            trigger: "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains(Draft)",
        },
    ],
});
