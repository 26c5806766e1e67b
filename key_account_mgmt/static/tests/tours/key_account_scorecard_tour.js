/** @odoo-module **/
/*
 * KPI scorecard tour: the KAM director confirms an account manager's sales plan, computes
 * the quarter's scorecards ("Compute now"), opens the manager's scorecard and reads its
 * points. Data and server-side checks: key_account_mgmt/tests/test_scorecard_tour.py.
 */

import { registry } from "@web/core/registry";
import { openApp, openMenu } from "@key_account_mgmt/../tests/tours/tour_utils";

registry.category("web_tour.tours").add("key_account_scorecard_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        ...openMenu(
            "key_account_mgmt.key_account_menu_reporting",
            "key_account_mgmt.key_account_sales_plan_menu",
            "Sales Plans"
        ),
        {
            content: "open the draft plan of the account manager",
            trigger: ".o_data_row:contains(Scorecard Seller) .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "confirm the plan",
            trigger: ".o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            content: "the plan is confirmed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Confirmed)",
        },
        {
            content: "open the Reporting section",
            trigger: ".o_menu_sections button[data-menu-xmlid='key_account_mgmt.key_account_menu_reporting']",
            run: "click",
        },
        {
            content: "open Compute Scorecards",
            trigger: ".dropdown-item[data-menu-xmlid='key_account_mgmt.key_account_scorecard_compute_menu']",
            run: "click",
        },
        {
            content: "compute the quarter's scorecards now",
            trigger: ".modal button[name=action_compute]",
            run: "click",
        },
        {
            content: "open the account manager's scorecard",
            trigger: ".o_list_view .o_data_row:contains(Scorecard Seller) .o_data_cell[name=user_id]",
            run: "click",
        },
        {
            content: "95 % of the plan gives 24 of the 25 sales completion points",
            trigger: ".o_form_view .o_data_row:contains(Sales Plan Completion) .o_data_cell[name=points]:contains(24.00)",
        },
        {
            content: "the scorecard shows its total",
            trigger: ".o_form_view .o_field_widget[name=total]:not(:empty)",
        },
    ],
});
