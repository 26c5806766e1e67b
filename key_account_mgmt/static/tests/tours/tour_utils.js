/** @odoo-module **/
/*
 * Steps shared by the key_account_mgmt tours: opening an app or a menu item at desktop
 * and phone size, and the reason wizards of rejections.
 */

import { stepUtils } from "@web_tour/tour_service/tour_utils";

/** Open an app: apps menu on desktop, side menu on phones. */
export function openApp(appXmlid, appName) {
    return [
        stepUtils.showAppsMenuItem(),
        {
            isActive: ["desktop"],
            content: `open the ${appName} app`,
            trigger: `.o_app[data-menu-xmlid="${appXmlid}"]`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "open the side menu",
            trigger: ".o_main_navbar .o_menu_toggle",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "show all apps",
            trigger: ".o_app_menu_sidebar .o_sidebar_topbar a.btn-primary",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: `open the ${appName} app`,
            trigger: `.o_app_menu_sidebar li.o_app[data-menu-xmlid="${appXmlid}"]`,
            run: "click",
        },
    ];
}

/** Open a menu item of the current app: section dropdown on desktop, side menu on phones. */
export function openMenu(sectionXmlid, menuXmlid, menuName) {
    return [
        {
            isActive: ["desktop"],
            content: `open the section of ${menuName}`,
            trigger: `.o_menu_sections button[data-menu-xmlid="${sectionXmlid}"]`,
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: `open ${menuName}`,
            trigger: `.dropdown-item[data-menu-xmlid="${menuXmlid}"]`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "open the side menu",
            trigger: ".o_main_navbar .o_menu_toggle",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: `open ${menuName}`,
            trigger: `.o_app_menu_sidebar li[data-menu-xmlid="${menuXmlid}"]`,
            run: "click",
        },
        {
            content: `${menuName} is shown`,
            trigger: `.o_breadcrumb .active:contains(${menuName})`,
        },
    ];
}

/** Confirm a reason wizard empty (refused), then with the reason (accepted). */
export function rejectWithReason(wizardTitle, reason) {
    return [
        {
            content: "the reject wizard opens",
            trigger: `.modal .modal-title:contains(${wizardTitle})`,
        },
        {
            content: "confirm without a reason",
            trigger: ".modal .modal-footer button[name=action_reject]",
            run: "click",
        },
        {
            content: "the reason is required",
            trigger: ".modal .o_field_widget[name=reason].o_field_invalid",
        },
        {
            content: "give the reason",
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: `edit ${reason}`,
        },
        {
            content: "confirm the rejection",
            trigger: ".modal .modal-footer button[name=action_reject]",
            run: "click",
        },
        {
            content: "the wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

/** Type in a many2one field and pick the proposal. */
export function selectMany2one(fieldName, search, label = search) {
    return [
        {
            content: `type "${search}" in ${fieldName}`,
            trigger: `.o_field_widget[name=${fieldName}] input`,
            run: `edit ${search}`,
        },
        {
            content: `pick "${label}"`,
            trigger: `.o_field_widget[name=${fieldName}] .o-autocomplete--dropdown-menu .ui-menu-item a:contains(${label})`,
            run: "click",
        },
        {
            content: `${fieldName} is set`,
            trigger: `.o_field_widget[name=${fieldName}] input:value(${label})`,
        },
    ];
}

/**
 * What the browser does once the user has picked a file in the "Files" dialog of a
 * many2many_binary field whose upload button is ``anchor``: the input gets the file
 * and fires "change".
 */
export function pickPdf(anchor, fileName, content) {
    const input = anchor.closest(".o_file_input").querySelector("input[type=file]");
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], fileName, { type: "application/pdf" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

/**
 * Pick a many2one value at desktop and phone size: the autocomplete on desktop; on
 * phones a tap on the field opens a search dialog of cards, searched for ``search``
 * unless ``phoneSearch`` is false (a short list, e.g. filtered by the field's domain).
 */
export function pickMany2one(fieldName, search, label = search, { phoneSearch = true } = {}) {
    const dialog = ".modal:not(.o_inactive_modal)";
    const phoneSearchSteps = [
        {
            content: "show the search bar of the dialog",
            trigger: `${dialog} .o_control_panel_navigation .btn .fa-search`,
            run: "click",
        },
        {
            content: `search "${search}"`,
            trigger: `${dialog} .o_searchview_input`,
            run: `edit ${search}`,
        },
        {
            content: "the search proposals are shown",
            trigger: `${dialog} .dropdown-menu.o_searchview_autocomplete`,
        },
        {
            content: "search",
            trigger: `${dialog} .o_searchview_input`,
            run: "press Enter",
        },
    ];
    return [
        ...selectMany2one(fieldName, search, label).map((step) => ({
            ...step,
            isActive: ["desktop"],
        })),
        ...[
            {
                content: `open the search dialog of ${fieldName}`,
                trigger: `.o_field_widget[name=${fieldName}] input`,
                run: "click",
            },
            ...(phoneSearch ? phoneSearchSteps : []),
            {
                content: `pick "${label}"`,
                trigger: `${dialog} .o_kanban_record:contains(${label})`,
                run: "click",
            },
            {
                content: `${fieldName} is set`,
                trigger: `body:not(:has(.modal)) .o_field_widget[name=${fieldName}] input:value(${label})`,
            },
        ].map((step) => ({ ...step, isActive: ["mobile"] })),
    ];
}
