/** @odoo-module **/
/*
 * Portal tours of complaints (key_account_mgmt/tests/test_complaint_portal.py): a key
 * account's portal user files a complaint at /my/complaints; once customer service
 * replied, he opens it and answers the satisfaction question ("satisfied") through
 * Odoo's rating form.
 */

import { registry } from "@web/core/registry";

const DESCRIPTION = "Portal tour: three drums of lot 118 arrived dented";

registry.category("web_tour.tours").add("key_account_complaint_portal_file_tour", {
    url: "/my/complaints",
    steps: () => [
        {
            content: "File a new complaint",
            trigger: "a.o_kam_complaint_new",
            run: "click",
        },
        {
            content: "It is a complaint",
            trigger: "select[name=kind]",
            run: "select complaint",
        },
        {
            content: "Describe it",
            trigger: "textarea[name=description]",
            run: `edit ${DESCRIPTION}`,
        },
        {
            content: "Submit",
            trigger: "button.o_kam_complaint_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Received, with its description",
            trigger: `.o_kam_complaint_card:contains("${DESCRIPTION}") .o_kam_complaint_state:contains("Received")`,
        },
    ],
});

registry.category("web_tour.tours").add("key_account_complaint_portal_rate_tour", {
    url: "/my/complaints",
    steps: () => [
        {
            content: "Open the replied complaint",
            trigger: "tr:has(span:contains('Replied')) a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Read the reply",
            trigger: ".o_kam_complaint_reply:contains('We replaced the three drums')",
        },
        {
            content: "Satisfied",
            trigger: "a.o_kam_rate_5",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Send the feedback",
            trigger: ".o_rating_page_submit button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Thanked",
            trigger: ".o_rating_page_thank_you",
        },
    ],
});
