/** @odoo-module **/
/*
 * Sale-order approval (S2) tours: the salesperson requests the approval of a key
 * account's quotation, the approvers decide their steps, a step is rejected with a
 * reason, and a written delegation lets a stand-in decide for an absent approver.
 * The data (users, key account, and for the decision tours a requested order) come
 * from key_account_mgmt/tests/test_tours_approval.py, which also checks the outcome on
 * the server after each tour.
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import {
    openApp,
    openMenu,
    pickPdf,
    rejectWithReason,
    selectMany2one,
} from "@key_account_mgmt/../tests/tours/tour_utils";

const KEY_ACCOUNT = "KAM Tour Approval Customer Ltd";
const PRODUCT = "KAM Tour Cement P.O 52.5";
const PRICE = "350000";
// Orders made in Python for the decision tours carry this reference (one per test).
const ORDER = "KAM-TOUR-ORDER";
const REJECTION_REASON = "Price below the floor agreed with the finance department.";
const DELEGATE = "KAM Tour Stand-in";
const DELEGATION_REASON = "Business trip abroad";
const AUTHORISATION = "written_authorisation.pdf";

/** Key Accounts > Approvals > To Approve. */
function openToApprove() {
    return [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_approvals",
            "key_account_mgmt.key_account_approval_menu",
            "To Approve"
        ),
    ];
}

/** Sales > Orders > Quotations. */
function openQuotations() {
    return [
        ...openApp("sale.sale_menu_root", "Sales"),
        ...openMenu("sale.sale_order_menu", "sale.menu_sale_quotations", "Quotations"),
    ];
}

/**
 * The salesperson (account manager of the key account) creates a quotation above
 * 300,000, is told to request its approval, requests it and sees the three steps.
 */
registry.category("web_tour.tours").add("sale_approval_request_tour", {
    url: "/odoo",
    steps: () => [
        ...openQuotations(),
        {
            content: "create a new quotation",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "the quotation form is open",
            trigger: ".o_form_editable .o_field_widget[name=partner_id] input",
        },
        ...selectMany2one("partner_id", KEY_ACCOUNT),
        {
            content: "the key account's order must be approved",
            trigger: ".o_form_sheet .alert-warning:contains(request its approval before confirming)",
        },
        {
            content: "add a product line",
            trigger: ".o_field_widget[name=order_line] .o_field_x2many_list_row_add a:contains(Add a product)",
            run: "click",
        },
        {
            content: `type "${PRODUCT}"`,
            trigger: ".o_field_widget[name=order_line] .o_selected_row .o_field_widget[name=product_template_id] input",
            run: `edit ${PRODUCT}`,
        },
        {
            content: `pick "${PRODUCT}"`,
            trigger: `.o_field_widget[name=product_template_id] .o-autocomplete--dropdown-menu .ui-menu-item a:contains(${PRODUCT})`,
            run: "click",
        },
        {
            content: "the product's list price is proposed",
            trigger: ".o_field_widget[name=order_line] .o_selected_row .o_field_widget[name=price_unit] input:value(100.00)",
        },
        {
            content: "set the negotiated unit price",
            trigger: ".o_field_widget[name=order_line] .o_selected_row .o_field_widget[name=price_unit] input",
            run: `edit ${PRICE}`,
        },
        ...stepUtils.saveForm(),
        {
            content: "the line is saved with its price",
            trigger: ".o_field_widget[name=order_line] .o_data_row td[name=price_subtotal]:contains(350,000.00)",
        },
        {
            content: "the order is still a quotation",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Quotation)",
        },
        {
            content: "the saved quotation still asks for the approval",
            trigger: ".o_form_sheet .alert-warning:contains(request its approval before confirming)",
        },
        {
            content: "request the approval",
            trigger: ".o_statusbar_buttons button[name=action_approval_request]",
            run: "click",
        },
        {
            content: "the approval is in progress, at its first step",
            trigger: ".o_form_sheet .alert-info:contains(Key-account approval in progress):contains(Step 1/3 Sign):contains(KAM Department)",
        },
        {
            content: "the request warning is gone",
            trigger: ".o_form_sheet:not(:has(.alert-warning:contains(request its approval)))",
        },
        {
            content: "the approval cannot be requested twice",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_approval_request]))",
        },
        {
            content: "the salesperson cannot decide his own order",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_approval_approve])):not(:has(button[name=action_approval_reject]))",
        },
        {
            content: "open the Approval tab",
            trigger: ".o_notebook a.nav-link[name=key_account_approval]",
            run: "click",
        },
        {
            content: "step 1: the KAM department signs, now",
            trigger: ".o_field_widget[name=approval_ids] .o_data_row:contains(Step 1/3 Sign):contains(KAM Department):contains(To Decide)",
        },
        {
            content: "step 2: the deputy sales director signs, later",
            trigger: ".o_field_widget[name=approval_ids] .o_data_row:contains(Step 2/3 Sign):contains(Deputy Sales Director):contains(Waiting)",
        },
        {
            content: "step 3: the sales director approves, last",
            trigger: ".o_field_widget[name=approval_ids] .o_data_row:contains(Step 3/3 Approve):contains(Sales Director):contains(Waiting)",
        },
        {
            content: "and no more steps",
            trigger: ".o_field_widget[name=approval_ids] tbody:not(:has(.o_data_row:nth-child(4)))",
        },
    ],
});

/**
 * An approver decides the step of the order that waits for him, from his "To Approve"
 * list ("Waits for Me" is the default filter): list row on desktop, card on phones.
 * Run in turn by the KAM department, the deputy sales director, the sales director and
 * a delegate: the server checks which step each one decided.
 */
registry.category("web_tour.tours").add("sale_approval_decide_tour", {
    url: "/odoo",
    steps: () => [
        ...openToApprove(),
        {
            isActive: ["desktop"],
            content: "the list shows what waits for me",
            trigger: ".o_control_panel .o_searchview_facet:contains(Waits for Me)",
        },
        {
            isActive: ["desktop"],
            content: "the order's step waits for me",
            trigger: `.o_list_view .o_data_row:has(td[name=document_name]:contains(${ORDER})):has(td[name=state]:contains(To Decide))`,
        },
        {
            isActive: ["desktop"],
            content: "do the step",
            trigger: `.o_list_view .o_data_row:has(td[name=document_name]:contains(${ORDER})) button[name=action_approve]`,
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "the step no longer waits for me",
            trigger: `.o_list_view:not(:has(.o_data_row td[name=document_name]:contains(${ORDER})))`,
        },
        {
            isActive: ["mobile"],
            content: "the order's step waits for me",
            trigger: `.o_kanban_view .o_kanban_record:contains(${ORDER}):contains(To Decide)`,
        },
        {
            isActive: ["mobile"],
            content: "do the step",
            trigger: `.o_kanban_view .o_kanban_record:contains(${ORDER}) button[name=action_approve]`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "the step no longer waits for me",
            trigger: `.o_kanban_view:not(:has(.o_kanban_record:contains(${ORDER})))`,
        },
    ],
});

/** Once the chain is complete, the salesperson confirms the order. */
registry.category("web_tour.tours").add("sale_approval_confirm_tour", {
    url: "/odoo",
    steps: () => [
        ...openQuotations(),
        {
            isActive: ["desktop"],
            content: "open the approved quotation",
            trigger: `.o_list_view .o_data_row td[name=name]:contains(${ORDER})`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "open the approved quotation",
            trigger: `.o_kanban_view .o_kanban_record:contains(${ORDER})`,
            run: "click",
        },
        {
            content: "the quotation is open",
            trigger: `.o_form_view .oe_title [name=name]:contains(${ORDER})`,
        },
        {
            content: "nothing asks for an approval any more",
            trigger: ".o_form_sheet:not(:has(.alert-warning:contains(request its approval))):not(:has(.alert-info:contains(Key-account approval in progress)))",
        },
        ...stepUtils.statusbarButtonsSteps("Confirm", "confirm the order"),
        {
            content: "the order is confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Sales Order)",
        },
    ],
});

/**
 * The KAM department rejects the order from its form ("Key-Account Orders" lists what
 * waits for him): the wizard insists on a reason.
 */
registry.category("web_tour.tours").add("sale_approval_reject_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_approvals",
            "key_account_mgmt.sale_order_to_approve_menu",
            "Orders to Approve"
        ),
        {
            content: "the list shows the orders waiting for my approval",
            trigger: ".o_control_panel .o_searchview_facet:contains(Waits for My Approval)",
        },
        {
            content: "open the order",
            trigger: `.o_list_view .o_data_row td[name=name]:contains(${ORDER})`,
            run: "click",
        },
        {
            content: "the order waits for my step",
            trigger: ".o_form_sheet .alert-info:contains(Key-account approval in progress):contains(Step 1/2 Sign)",
        },
        {
            content: "the quotation was sent to the customer",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Quotation Sent)",
        },
        {
            content: "click Reject Step",
            trigger: ".o_statusbar_buttons button[name=action_approval_reject]",
            run: "click",
        },
        ...rejectWithReason("Reject", REJECTION_REASON),
        {
            content: "the order is back to a quotation to request again",
            trigger: ".o_form_sheet .alert-warning:contains(request its approval before confirming)",
        },
        {
            content: "no decision button is left",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_approval_approve])):not(:has(button[name=action_approval_reject]))",
        },
        {
            content: "open the Approval tab",
            trigger: ".o_notebook a.nav-link[name=key_account_approval]",
            run: "click",
        },
        {
            content: "the step is rejected with the reason",
            trigger: `.o_field_widget[name=approval_ids] .o_data_row:contains(Step 1/2 Sign):contains(Rejected):contains(${REJECTION_REASON})`,
        },
        {
            content: "the sent quotation is back to a plain quotation",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Quotation):not(:contains(Sent))",
        },
    ],
});

/**
 * The deputy sales director, going away, delegates his approvals in writing: delegate,
 * dates (today to today + 3 days), reason and the signed authorisation file.
 */
registry.category("web_tour.tours").add("delegation_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_approvals",
            "key_account_mgmt.key_account_delegation_menu",
            "Delegations"
        ),
        {
            content: "create a delegation",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "the delegator is myself",
            trigger: ".o_form_editable .o_field_widget[name=delegator_id] input:value(KAM Tour Deputy)",
        },
        ...selectMany2one("delegate_id", DELEGATE),
        {
            content: "from today",
            trigger: `.o_field_widget[name=date_from] input:value(${luxon.DateTime.now().toFormat("MM/dd/yyyy")})`,
        },
        {
            content: "to in 3 days",
            trigger: ".o_field_widget[name=date_to] input",
            run: `edit ${luxon.DateTime.now().plus({ days: 3 }).toFormat("MM/dd/yyyy")}`,
        },
        {
            content: "the reason",
            trigger: ".o_field_widget[name=reason] input",
            run: `edit ${DELEGATION_REASON}`,
        },
        {
            content: "the end date is kept",
            trigger: `.o_field_widget[name=date_to] input:value(${luxon.DateTime.now().plus({ days: 3 }).toFormat("MM/dd/yyyy")})`,
        },
        {
            content: `attach ${AUTHORISATION}`,
            trigger: ".o_field_widget[name=attachment_ids] button.o_attach",
            run() {
                pickPdf(this.anchor, AUTHORISATION, "%PDF-1.4 signed written authorisation");
            },
        },
        {
            content: `${AUTHORISATION} is uploaded`,
            trigger: `.o_field_widget[name=attachment_ids] .o_attachment[title="${AUTHORISATION}"]`,
        },
        ...stepUtils.saveForm(),
        {
            content: "the authorisation is kept on the saved delegation",
            trigger: `.o_form_saved .o_field_widget[name=attachment_ids] .o_attachment[title="${AUTHORISATION}"]`,
        },
        {
            content: "back to the delegations",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Delegations)",
            run: "click",
        },
        {
            content: "the delegation is listed",
            trigger: `.o_list_view .o_data_row:contains(${DELEGATE}):contains(${DELEGATION_REASON})`,
        },
    ],
});
