/** @odoo-module **/
/*
 * Check-in / Check-out buttons of a key-account visit (key.account.visit form).
 *
 * Asks the browser (or the mobile app's web view) for the current position, as
 * hr_attendance does, then calls action_check_in / action_check_out with the
 * coordinates. When the position is denied, unavailable or slow, the visit is still
 * checked in/out, without coordinates. The server validates the coordinates.
 */

import { Component, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

const POSITION_TIMEOUT_MS = 10000;

/**
 * Resolve with {latitude, longitude}, or with null when the position cannot be had
 * (no API, permission denied, unavailable, timeout): the check-in goes on without it.
 */
export function getBrowserPosition(timeout = POSITION_TIMEOUT_MS) {
    return new Promise((resolve) => {
        if (!navigator.geolocation) {
            resolve(null);
            return;
        }
        // Some browsers never call back while the permission prompt is open.
        const timer = setTimeout(() => resolve(null), timeout + 1000);
        navigator.geolocation.getCurrentPosition(
            ({ coords: { latitude, longitude } }) => {
                clearTimeout(timer);
                resolve({ latitude, longitude });
            },
            () => {
                clearTimeout(timer);
                resolve(null);
            },
            { enableHighAccuracy: true, timeout, maximumAge: 60000 }
        );
    });
}

export class VisitCheckIn extends Component {
    static template = "key_account_mgmt.VisitCheckIn";
    static props = { ...standardWidgetProps };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.state = useState({ busy: false });
    }

    get data() {
        return this.props.record.data;
    }

    get canCheckIn() {
        return this.data.state === "planned" && !this.data.check_in_date;
    }

    get canCheckOut() {
        return this.data.state === "checked_in" && this.data.check_in_date && !this.data.check_out_date;
    }

    async onClick(method) {
        if (this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            const record = this.props.record;
            if (!(await record.save())) {
                return;
            }
            const position = await getBrowserPosition();
            await this.orm.call(record.resModel, method, [[record.resId]], position || {});
            if (!position) {
                this.notification.add(
                    _t("Your position is not available: recorded without GPS coordinates."),
                    { type: "warning" }
                );
            }
            await record.load();
        } finally {
            this.state.busy = false;
        }
    }
}

registry.category("view_widgets").add("key_account_visit_check_in", {
    component: VisitCheckIn,
    fieldDependencies: [
        { name: "state", type: "selection" },
        { name: "check_in_date", type: "datetime" },
        { name: "check_out_date", type: "datetime" },
    ],
});
