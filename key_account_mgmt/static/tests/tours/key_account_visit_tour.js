/** @odoo-module **/
/*
 * Visit tour (客户拜访计划表), at phone size: the specialist plans a visit to his key
 * account, checks in on the spot (the browser gives its position), records the outcome,
 * checks out (the position is refused this time: recorded without coordinates) and marks
 * the visit done (key_account_mgmt/tests/test_tours_visit.py).
 */

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { openApp, openMenu } from "@key_account_mgmt/../tests/tours/tour_utils";

const KEY_ACCOUNT = "KAM Tour Visit Ltd";
const PURPOSE = "Present the sulphate-resistant grade";
const OUTCOME = "Trial order of 200 t agreed";
// 0.01° north of the account's geolocation set by the test: about 1.1 km away.
const POSITION = { latitude: 31.2404, longitude: 121.4737 };

/** Replace the browser's geolocation: grant ``position``, or refuse when null. */
function stubGeolocation(position) {
    Object.defineProperty(navigator, "geolocation", {
        configurable: true,
        value: {
            getCurrentPosition(success, error) {
                if (position) {
                    success({ coords: position });
                } else {
                    error({ code: 1, message: "User denied Geolocation" });
                }
            },
        },
    });
}

/**
 * Pick a record in a relational field: the autocomplete on desktop, the search dialog
 * (kanban of records) that the field opens on phones.
 */
function pickRecord(fieldName, name) {
    return [
        {
            isActive: ["desktop"],
            content: `type "${name}" in ${fieldName}`,
            trigger: `.o_field_widget[name=${fieldName}] input`,
            run: `edit ${name}`,
        },
        {
            isActive: ["desktop"],
            content: `pick "${name}"`,
            trigger: `.o_field_widget[name=${fieldName}] .o-autocomplete--dropdown-item:contains(${name})`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: `open the search of ${fieldName}`,
            trigger: `.o_field_widget[name=${fieldName}] input`,
            run: "click",
        },
        ...stepUtils.mobileKanbanSearchMany2X(fieldName, name),
        {
            content: `${fieldName} is set`,
            trigger: `body:not(:has(.modal)) .o_field_widget[name=${fieldName}]:contains(${name}), body:not(:has(.modal)) .o_field_widget[name=${fieldName}] input:value(${name})`,
        },
    ];
}

registry.category("web_tour.tours").add("key_account_visit_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_accounts",
            "key_account_mgmt.key_account_visit_menu",
            "Visits"
        ),
        {
            content: "the visits are shown as cards",
            trigger: ".o_kanban_view",
        },
        {
            content: "plan a new visit",
            trigger: ".o_control_panel_main_buttons .o-kanban-button-new",
            run: "click",
        },
        {
            content: "the purpose",
            trigger: ".o_field_widget[name=name] input",
            run: `edit ${PURPOSE}`,
        },
        ...pickRecord("partner_id", KEY_ACCOUNT),
        {
            isActive: ["desktop"],
            content: "the contact to meet",
            trigger: ".o_field_widget[name=contact_ids] input",
            run: "edit Liu",
        },
        {
            isActive: ["desktop"],
            content: "pick the key contact",
            trigger: ".o_field_widget[name=contact_ids] .o-autocomplete--dropdown-item:contains(Mr Liu)",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "open the account's key contacts",
            trigger: ".o_field_widget[name=contact_ids] input",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "pick the key contact (the dialog lists the account's contacts only)",
            trigger: ".modal .o_kanban_record:contains(Mr Liu)",
            run: "click",
        },
        {
            content: "the contact is added",
            trigger: ".o_field_widget[name=contact_ids] .o_tag:contains(Mr Liu)",
        },
        {
            content: "the expected result",
            trigger: ".o_field_widget[name=expected_result] textarea",
            run: "edit Trial order",
        },
        {
            content: "save the plan",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "the visit is planned",
            trigger: ".o_form_saved .o_statusbar_status button.o_arrow_button_current:contains(Planned)",
        },
        {
            content: "on the spot, the phone knows where it is",
            trigger: ".o_visit_check_in",
            run: () => stubGeolocation(POSITION),
        },
        {
            content: "check in",
            trigger: ".o_visit_check_in",
            run: "click",
        },
        {
            content: "checked in with the position",
            trigger: `.o_field_widget[name=check_in_latitude]:contains(${POSITION.latitude})`,
        },
        {
            content: "the distance to the account is shown",
            trigger: ".o_field_widget[name=check_in_distance]:contains(1.11)",
        },
        {
            content: "the outcome",
            trigger: ".o_field_widget[name=outcome] textarea",
            run: `edit ${OUTCOME}`,
        },
        {
            content: "leaving, the position is refused this time",
            trigger: ".o_visit_check_out",
            run: () => stubGeolocation(null),
        },
        {
            content: "check out",
            trigger: ".o_visit_check_out",
            run: "click",
        },
        {
            content: "the user is told the position was not recorded",
            trigger: ".o_notification:contains(recorded without GPS coordinates)",
        },
        {
            content: "checked out: the time is shown, no check button is left",
            trigger: ".o_form_view:not(:has(.o_visit_check_out)):not(:has(.o_visit_check_in)) .o_field_widget[name=check_out_date]:contains(/)",
        },
        ...stepUtils.statusbarButtonsSteps("Done", "mark the visit done"),
        {
            content: "the visit is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Done)",
        },
    ],
});
