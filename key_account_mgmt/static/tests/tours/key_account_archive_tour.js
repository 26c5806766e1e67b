/** @odoo-module **/
/*
 * Customer archive (客户档案) tour: the account manager of a key account completes its
 * archive. Runs at desktop and phone size (key_account_mgmt/tests/test_tours.py); the
 * key account is made in Python through an approved qualification application.
 */

import { registry } from "@web/core/registry";
import { openApp } from "@key_account_mgmt/../tests/tours/tour_utils";

const KEY_ACCOUNT = "KAM Tour Archive Ltd";
const MAIN_BUSINESS = "Ready-mix concrete plants and precast elements";
const PRODUCT_PREFERENCES = "Sulphate-resistant cement, 42.5 grade";
const COMPETITOR = "Rival Cement Group";

registry.category("web_tour.tours").add("key_account_archive_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp("key_account_mgmt.key_account_mgmt_menu_root", "Key Accounts"),
        {
            isActive: ["desktop"],
            content: "the Key Accounts view is open",
            trigger: ".o_kanban_view .o_breadcrumb .active:contains(Key Accounts)",
        },
        {
            content: "the key accounts are shown as cards, by tier",
            trigger: ".o_kanban_view .o_kanban_group:contains(Grade A):has(.o_kanban_record)",
        },
        {
            content: "open the key account",
            trigger: `.o_kanban_record:contains(${KEY_ACCOUNT})`,
            run: "click",
        },
        {
            content: "the customer form is open",
            trigger: `.o_form_view .o_field_widget[name=name]:has(:value(${KEY_ACCOUNT}))`,
        },
        {
            content: "open the Key Account tab",
            trigger: ".o_notebook a.nav-link[name=key_account]",
            run: "click",
        },
        {
            content: "the account is of tier A",
            trigger: ".o_field_widget[name=key_account_tier_id]:contains(Grade A)",
        },
        {
            content: "the archive is mostly empty (account manager only: 1 field of 14)",
            trigger: ".o_field_widget[name=key_account_archive_completeness]:contains(7)",
        },
        {
            content: "main business",
            trigger: ".o_field_widget[name=main_business] textarea",
            run: `edit ${MAIN_BUSINESS}`,
        },
        {
            content: "products wanted",
            trigger: ".o_field_widget[name=product_preferences] textarea",
            run: `edit ${PRODUCT_PREFERENCES}`,
        },
        {
            content: "price sensitivity",
            trigger: ".o_field_widget[name=price_sensitivity] select",
            run: "selectByLabel High",
        },
        {
            content: "add a competitor",
            trigger: ".o_field_widget[name=competitor_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "competitor name",
            trigger: ".o_field_widget[name=competitor_ids] .o_selected_row .o_field_widget[name=name] input",
            run: `edit ${COMPETITOR}`,
        },
        {
            content: "their products",
            trigger: ".o_field_widget[name=competitor_ids] .o_selected_row .o_field_widget[name=products] input",
            run: "edit Imported clinker",
        },
        {
            content: "their estimated share",
            trigger: ".o_field_widget[name=competitor_ids] .o_selected_row .o_field_widget[name=share] input",
            run: "edit 35",
        },
        {
            content: "save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "the archive is saved",
            trigger: ".o_form_saved",
        },
        {
            content: "the competitor line is kept",
            trigger: `.o_field_widget[name=competitor_ids] .o_data_row:contains(${COMPETITOR}):contains(35)`,
        },
        {
            content: "the completeness is recomputed (5 fields of 14)",
            trigger: ".o_field_widget[name=key_account_archive_completeness]:contains(36)",
        },
    ],
});
