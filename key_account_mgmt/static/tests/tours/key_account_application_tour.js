/** @odoo-module **/
/*
 * Qualification application (大客户申请) tours. The data (users, customers, and for the
 * decision tours a submitted application) come from key_account_mgmt/tests/test_tours.py,
 * which also checks the outcome on the server after each tour.
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

const APPLICATION_CUSTOMER = "KAM Tour Customer Ltd";
const REJECTED_CUSTOMER = "KAM Tour Rejected Ltd";
const REJECTION_REASON = "Credit checks show overdue debts with other suppliers.";

// Mandatory documents shipped as data (key_account_document_type_data.xml): a unique part
// of each line's name and the file the applicant attaches to it.
const DOCUMENTS = [
    ["Application Form", "application_form.pdf"],
    ["Draft Contract", "draft_contract.pdf"],
    ["Reconciliation Statement", "reconciliation.pdf"],
    ["Business Licence", "business_licence.pdf"],
    ["Tax Registration", "tax_registration.pdf"],
    ["Main Contacts", "main_contacts.pdf"],
    ["Business So Far", "business_history.pdf"],
    ["Owes Us Money", "debt_statement.pdf"],
    ["Evaluation of the Customer", "office_evaluation.pdf"],
];

/** Key Accounts app > Key Accounts > Qualification Applications (desktop menus). */
function openApplicationsMenu() {
    return [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_accounts",
            "key_account_mgmt.key_account_application_menu",
            "Qualification Applications"
        ),
    ];
}

/** Select a line of the document checklist and attach a (PDF) file to it. */
function attachDocument(docLabel, fileName) {
    const row = `.o_field_widget[name=document_ids] .o_data_row:has(td[name=name]:contains(${docLabel}))`;
    return [
        {
            content: `select the document line "${docLabel}"`,
            trigger: `${row} td[name=name]`,
            run: "click",
        },
        {
            content: `attach ${fileName} to "${docLabel}"`,
            trigger: `${row}.o_selected_row .o_field_widget[name=attachment_ids] button.o_attach`,
            run() {
                pickPdf(this.anchor, fileName, "%PDF-1.4 key account tour document");
            },
        },
        {
            content: `${fileName} is uploaded on "${docLabel}"`,
            trigger: `${row} .o_field_widget[name=attachment_ids] .o_attachment[title="${fileName}"]`,
        },
    ];
}

/**
 * A KAM manager applies for a key account: fills the application, tries to submit it
 * without documents (refused), attaches the mandatory documents and submits it.
 */
registry.category("web_tour.tours").add("key_account_application_tour", {
    url: "/odoo",
    steps: () => [
        ...openApplicationsMenu(),
        {
            content: "create a new application",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "the new application is a draft",
            trigger: ".o_form_editable .o_statusbar_status button.o_arrow_button_current:contains(Draft)",
        },
        ...selectMany2one("partner_id", APPLICATION_CUSTOMER),
        ...selectMany2one("requested_tier_id", "Grade B"),
        {
            content: "condition: signed purchase contract",
            trigger: ".o_field_widget[name=has_signed_contract] input",
            run: "check",
        },
        {
            content: "condition: ties up company funds",
            trigger: ".o_field_widget[name=ties_up_funds] input",
            run: "check",
        },
        {
            content: "condition: good credit standing",
            trigger: ".o_field_widget[name=good_credit_standing] input",
            run: "check",
        },
        {
            content: "contract amount",
            trigger: ".o_field_widget[name=contract_amount] input",
            run: "edit 250000",
        },
        ...stepUtils.saveForm(),
        {
            content: "the application got its reference",
            trigger: ".o_form_saved .oe_title [name=name]:not(:contains(New))",
        },
        {
            content: "the saved application warns about the missing documents",
            trigger: ".o_form_sheet .alert-warning:contains(Missing mandatory documents):contains(Business Licence)",
        },
        {
            content: "submit without documents",
            trigger: ".o_statusbar_buttons button[name=action_submit]",
            run: "click",
        },
        {
            content: "submitting is refused: mandatory documents are missing",
            trigger: ".modal .o_error_dialog:contains(mandatory documents are missing):contains(Business Licence)",
        },
        {
            content: "close the error",
            trigger: ".modal .o_error_dialog .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "the error is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "the application is still a draft",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Draft)",
        },
        {
            content: "open the Documents tab",
            trigger: ".o_notebook a.nav-link[name=documents]",
            run: "click",
        },
        ...DOCUMENTS.flatMap(([docLabel, fileName]) => attachDocument(docLabel, fileName)),
        {
            content: "every line is provided",
            trigger: ".o_field_widget[name=document_ids]:not(:has(.o_data_row .o_field_widget[name=state]:contains(Missing)))",
        },
        {
            content: "the missing-documents warning is gone",
            trigger: ".o_form_sheet:not(:has(.alert-warning:contains(Missing mandatory documents)))",
        },
        {
            content: "submit with the documents",
            trigger: ".o_statusbar_buttons button[name=action_submit]",
            run: "click",
        },
        {
            content: "the application is submitted",
            trigger: ".o_form_saved .o_statusbar_status button.o_arrow_button_current:contains(Submitted)",
        },
        {
            content: "the manager is told that the KAM department decides",
            trigger: ".o_form_sheet .alert-info:contains(Waiting for):contains(KAM Department)",
        },
        {
            content: "the manager cannot approve nor reject",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_approval_approve])):not(:has(button[name=action_approval_reject]))",
        },
        {
            content: "the content is locked once submitted",
            trigger: ".o_field_widget[name=partner_id].o_readonly_modifier",
        },
    ],
});

/** The KAM department approves the submitted application and looks at the new key account. */
registry.category("web_tour.tours").add("key_account_application_approve_tour", {
    url: "/odoo",
    steps: () => [
        ...openApplicationsMenu(),
        {
            content: "open the submitted application of the customer",
            trigger: `.o_data_row:has(td[name=partner_id]:contains(${APPLICATION_CUSTOMER})):has(td[name=state]:contains(Submitted)) td[name=name]`,
            run: "click",
        },
        {
            content: "the application is submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Submitted)",
        },
        {
            content: "approve",
            trigger: ".o_statusbar_buttons button[name=action_approval_approve]",
            run: "click",
        },
        {
            content: "the application is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
        {
            content: "with the Approved ribbon",
            trigger: ".o_form_sheet .ribbon:contains(Approved)",
        },
        {
            content: "and the decision is recorded",
            trigger: ".o_notebook a.nav-link[name=decision]",
            run: "click",
        },
        {
            content: "decided by the approver",
            trigger: ".o_field_widget[name=decided_by_id]:contains(KAM Tour Department)",
        },
        {
            content: "open the new key account",
            trigger: ".o-form-buttonbox button[name=action_open_partner]",
            run: "click",
        },
        {
            content: "the customer form is open",
            trigger: `.o_form_view .o_field_widget[name=name]:has(:value(${APPLICATION_CUSTOMER}))`,
        },
        {
            content: "open the Key Account tab",
            trigger: ".o_notebook a.nav-link[name=key_account]",
            run: "click",
        },
        {
            content: "the customer has the requested tier",
            trigger: ".o_field_widget[name=key_account_tier_id]:contains(Grade B)",
        },
        {
            content: "the qualification is in the tier history",
            trigger: ".o_field_widget[name=key_account_tier_history_ids] .o_data_row:contains(Grade B):contains(approved)",
        },
    ],
});

/** The KAM department rejects a submitted application: the wizard insists on a reason. */
registry.category("web_tour.tours").add("key_account_application_reject_tour", {
    url: "/odoo",
    steps: () => [
        ...openApplicationsMenu(),
        {
            content: "open the submitted application of the customer",
            trigger: `.o_data_row:has(td[name=partner_id]:contains(${REJECTED_CUSTOMER})) td[name=name]`,
            run: "click",
        },
        {
            content: "the application is submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Submitted)",
        },
        {
            content: "click Reject",
            trigger: ".o_statusbar_buttons button[name=action_approval_reject]",
            run: "click",
        },
        ...rejectWithReason("Reject", REJECTION_REASON),
        {
            content: "the application is rejected",
            trigger: ".o_form_sheet .ribbon:contains(Rejected)",
        },
        {
            content: "open the decision",
            trigger: ".o_notebook a.nav-link[name=decision]",
            run: "click",
        },
        {
            content: "the reason is shown",
            trigger: `.o_field_widget[name=rejection_reason]:contains(${REJECTION_REASON}), .o_field_widget[name=rejection_reason] textarea:value(${REJECTION_REASON})`,
        },
        {
            content: "no decision button is left",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_approval_approve])):not(:has(button[name=action_approval_reject]))",
        },
    ],
});
