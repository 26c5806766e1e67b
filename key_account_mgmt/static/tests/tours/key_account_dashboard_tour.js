/** @odoo-module **/
/*
 * Key Accounts dashboard tour: a KAM manager opens the Key Accounts app, lands on the
 * dashboard (its first screen for managers), and a section title opens the records
 * behind it. Data and server-side checks: key_account_mgmt/tests/test_dashboard.py.
 */

import { registry } from "@web/core/registry";
import { openApp } from "@key_account_mgmt/../tests/tours/tour_utils";

registry.category("web_tour.tours").add("key_account_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        {
            content: "the app opens on the spreadsheet dashboard",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-grid",
        },
        {
            content: "the Key Accounts dashboard is the selected one",
            trigger: ".o_search_panel_category_value.active[data-name='Key Accounts']",
        },
        {
            content: "it shows live data, not the sample",
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.o-sample-dashboard))",
        },
        {
            content: "a section title opens the records behind it",
            trigger: ".o-dashboard-clickable-cell",
            run: "click",
        },
        {
            content: "the records behind the figure are listed",
            trigger: ".o_action_manager .o_view_controller:not(.o_spreadsheet_dashboard_action)",
        },
    ],
});
