"""/my/complaints: a key account's portal users file complaints and suggestions and
follow their own company's (record rule: their commercial partner), with the state,
the reply and the satisfaction question (Odoo's rating links)."""

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PAGE_SIZE = 20


class KeyAccountComplaintPortal(CustomerPortal):
    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["kam_can_file_complaints"] = request.env["key.account.complaint"]._portal_can_file(
            request.env.user
        )
        return values

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["key.account.complaint"]
            values["complaint_count"] = (
                Complaint.with_context(active_test=False).search_count(self._complaint_domain())
                if Complaint.has_access("read")
                else 0
            )
        return values

    def _complaint_domain(self):
        partner = request.env.user.partner_id
        # The record rule holds for portal users; the domain also keeps internal users
        # who open /my to their own company's complaints.
        return [("commercial_partner_id", "=", partner.commercial_partner_id.id)]

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, sortby=None, **kw):
        Complaint = request.env["key.account.complaint"].with_context(active_test=False)
        if not Complaint.has_access("read"):
            return request.redirect("/my")
        sortings = {
            "date": {"label": request.env._("Newest"), "order": "id desc"},
            "state": {"label": request.env._("Status"), "order": "state, id desc"},
        }
        sortby = sortby if sortby in sortings else "date"
        domain = self._complaint_domain()
        total = Complaint.search_count(domain)
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby},
            total=total,
            page=page,
            step=PAGE_SIZE,
        )
        complaints = Complaint.search(
            domain, order=sortings[sortby]["order"], limit=PAGE_SIZE, offset=pager["offset"]
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
                "page_name": "complaint",
                "pager": pager,
                "default_url": "/my/complaints",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "can_file": Complaint._portal_can_file(request.env.user),
            }
        )
        return request.render("key_account_mgmt.portal_my_complaints", values)

    @http.route(
        "/my/complaints/new", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_complaint_new(self, kind="complaint", description=None, **kw):
        Complaint = request.env["key.account.complaint"]
        values = self._prepare_portal_layout_values()
        can_file = Complaint._portal_can_file(request.env.user)
        values.update(
            {
                "page_name": "complaint_new",
                "kind": kind,
                "description": description,
                "can_file": can_file,
            }
        )
        if not can_file:
            values["error"] = request.env._(
                "Only the contacts of a key account file complaints and suggestions here."
            )
            return request.render("key_account_mgmt.portal_complaint_new", values, status=403)
        if request.httprequest.method == "POST":
            try:
                complaint_sudo = Complaint._portal_create(request.env.user, kind, description)
            except (UserError, AccessError) as error:
                values["error"] = error.args[0]
                return request.render("key_account_mgmt.portal_complaint_new", values)
            return request.redirect(f"/my/complaints/{complaint_sudo.id}?filed=1")
        return request.render("key_account_mgmt.portal_complaint_new", values)

    @http.route("/my/complaints/<int:complaint_id>", type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint_sudo = self._document_check_access(
                "key.account.complaint", complaint_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._complaint_page_values(complaint_sudo, access_token, **kw)
        return request.render("key_account_mgmt.portal_my_complaint", values)

    def _complaint_page_values(self, complaint_sudo, access_token, **kw):
        rating_token = False
        if complaint_sudo.state == "replied" and complaint_sudo.partner_id:
            # The satisfaction question: the open rating of the contact who raised it
            # (Odoo's /rate/<token> form checks that the visitor belongs to its company).
            rating_sudo = complaint_sudo.rating_ids.filtered(
                lambda r: not r.consumed and r.partner_id == complaint_sudo.partner_id
            )[:1]
            rating_token = rating_sudo.access_token
        last_rating = complaint_sudo.rating_ids.filtered("consumed").sorted("write_date")[-1:]
        values = {
            "complaint": complaint_sudo,
            "page_name": "complaint",
            "rating_token": rating_token,
            "last_rating": last_rating,
            "filed": kw.get("filed"),
        }
        return self._get_page_view_values(
            complaint_sudo, access_token, values, "my_complaints_history", False, **kw
        )
