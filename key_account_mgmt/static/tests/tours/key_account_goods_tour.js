/** @odoo-module **/
/*
 * Key-account goods tour (desktop): the account manager, who also works in the
 * warehouse, checks the owed goods (欠货) of his key account, then opens its delivery
 * in Inventory and sees the key-account mark (key_account_mgmt/tests/test_tours_goods.py).
 */

import { registry } from "@web/core/registry";
import { openApp, openMenu } from "@key_account_mgmt/../tests/tours/tour_utils";

const ACCOUNT = "KAM Tour Goods Ltd";

registry.category("web_tour.tours").add("key_account_goods_tour", {
    url: "/odoo/action-key_account_mgmt.key_account_owed_report_action",
    steps: () => [
        {
            content: "the owed goods report is open",
            trigger: ".o_breadcrumb .active:contains(Owed Goods)",
        },
        {
            content: "the key account owes 6 of the 10 ordered",
            trigger: `.o_data_row:has(.o_data_cell:contains(${ACCOUNT})) .o_data_cell[name=qty_owed]:contains(6.00)`,
        },
        {
            content: "the line is flagged as partially delivered",
            trigger: `.o_data_row:has(.o_data_cell:contains(${ACCOUNT})) .o_data_cell[name=delivery_state]:contains(Partially Delivered)`,
        },
        ...openApp("stock.menu_stock_root", "Inventory"),
        ...openMenu("stock.menu_stock_warehouse_mgmt", "stock.out_picking", "Deliveries"),
        {
            content: "the delivery list marks the key account's transfer",
            trigger: `.o_data_row .o_data_cell[name=key_account_id]:contains(${ACCOUNT})`,
            run: "click",
        },
        {
            content: "the form shows the key-account ribbon",
            trigger: ".o_form_view .ribbon:contains(Key Account)",
        },
        {
            content: "and the key account",
            trigger: `.o_form_view .o_field_widget[name=key_account_id]:contains(${ACCOUNT})`,
        },
        {
            content: "on a key-account delivery order (KA/OUT)",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(/KA/OUT/)",
        },
    ],
});
