from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_complaint import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintFlow(ComplaintCase):
    """The complaint and suggestion flow (客户投诉处理流程) taken by its departments."""

    def test_complaint_full_flow_with_rework(self):
        """Customer service dispatches, the technician judges and reworks, customer service
        replies and closes: every step recorded with who and when, the record archived."""
        complaint = self._complaint()
        self.assertEqual(complaint.state, "received")
        self.assertTrue(complaint.name.startswith("KAC/"))
        self.assertEqual(complaint.commercial_partner_id, self.account)
        self.assertEqual(complaint.user_id, self.specialist)
        self.assertFalse(complaint.needs_assignment)
        complaint.with_user(self.cs).action_dispatch()
        self.assertEqual(complaint.dispatched_by_id, self.cs)
        self.assertTrue(complaint.first_response_date)
        complaint.with_user(self.cs).action_review()
        self._judge(complaint)
        self.assertEqual(complaint.judged_by_id, self.tech)
        self.assertTrue(complaint.judged_date)
        self.assertTrue(complaint.is_valid)
        complaint.with_user(self.tech).action_rework()
        self._rework_line(complaint, "passed")
        self.assertEqual(complaint.rework_line_ids.done_by_id, self.tech)
        complaint.with_user(self.cs).write({"reply": "<p>We replace the batch.</p>"})
        complaint.with_user(self.cs).action_reply()
        self.assertEqual(complaint.replied_by_id, self.cs)
        complaint.with_user(self.cs).action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertFalse(complaint.active)
        self.assertEqual(complaint.closed_by_id, self.cs)
        bodies = " ".join(complaint.message_ids.mapped("body"))
        for step in ("Dispatched by", "Technical Review by", "Rework by", "Replied by"):
            self.assertIn(step, bodies)

    def test_dispatch_informs_department_and_manager(self):
        """Dispatch notifies the KAM department and gives the account's manager an
        activity."""
        complaint = self._complaint()
        complaint.with_user(self.cs).action_dispatch()
        activity = complaint.activity_ids
        self.assertEqual(activity.user_id, self.specialist)
        message = complaint.message_ids.filtered(lambda m: self.dept.partner_id in m.partner_ids)
        self.assertTrue(message, "the KAM department is notified")

    def test_suggestion_skips_technical_steps(self):
        """A suggestion goes from dispatched straight to the reply, never to technical
        review or rework."""
        suggestion = self._complaint(kind="suggestion")
        suggestion.with_user(self.cs).action_dispatch()
        with self.assertRaisesRegex(UserError, "suggestion skips"):
            suggestion.with_user(self.cs).action_review()
        self.assertEqual(suggestion.state, "dispatched")
        suggestion.with_user(self.cs).write({"reply": "<p>Thank you, adopted.</p>"})
        suggestion.with_user(self.cs).action_reply()
        self.assertEqual(suggestion.state, "replied")
        self.assertFalse(suggestion.is_valid)

    def test_complaint_reply_needs_judgement(self):
        """A complaint is not replied before the technical department judged it."""
        complaint = self._complaint()
        complaint.with_user(self.cs).action_dispatch()
        complaint.with_user(self.cs).write({"reply": "<p>Sorry</p>"})
        with self.assertRaisesRegex(UserError, "judges it before the reply"):
            complaint.with_user(self.cs).action_reply()
        complaint.with_user(self.cs).action_review()
        with self.assertRaisesRegex(UserError, "Reasoning, Responsibility, Rework Type"):
            complaint.with_user(self.cs).action_reply()
        self.assertEqual(complaint.state, "technical_review")

    def test_failed_rework_goes_back_to_review(self):
        """A failed rework sends the complaint back to technical review; the reply waits for
        a passed rework of the next round."""
        complaint = self._complaint()
        self._to_rework(complaint)
        self._rework_line(complaint, "failed")
        self.assertEqual(complaint.state, "technical_review")
        self._judge(complaint, rework_type="chemical")
        complaint.with_user(self.tech).action_rework()
        complaint.with_user(self.cs).write({"reply": "<p>Reworked</p>"})
        with self.assertRaisesRegex(UserError, "must have passed"):
            complaint.with_user(self.cs).action_reply()
        self._rework_line(complaint, "passed")
        complaint.with_user(self.cs).action_reply()
        self.assertEqual(complaint.state, "replied")

    def test_back_to_review_only_after_failed_rework(self):
        """The technician cannot send a complaint back to review without a failed rework."""
        complaint = self._complaint()
        self._to_rework(complaint)
        with self.assertRaisesRegex(UserError, "after a failed rework only"):
            complaint.with_user(self.tech).action_review_again()
        self.assertEqual(complaint.state, "rework")

    def test_cancel_dialog(self):
        """Customer service cancels through the dialog; an empty reason is refused."""
        complaint = self._complaint()
        action = complaint.with_user(self.cs).action_open_cancel_wizard()
        Wizard = self.env[action["res_model"]].with_user(self.cs).with_context(**action["context"])
        with self.assertRaisesRegex(UserError, "Cancel Reason"):
            Wizard.create({"reason": " "}).action_confirm()
        Wizard.create({"reason": "Duplicate of a phone call"}).action_confirm()
        self.assertEqual(complaint.state, "cancelled")

    def test_views_open_for_each_role(self):
        """The list, kanban, form, calendar, pivot, graph and search views load for customer
        service, the technician and the account manager, and the form reads a complaint
        with its links."""
        complaint = self._complaint(picking_id=self.delivery.id, sale_order_id=self.order.id)
        views = [[False, kind] for kind in ("list", "kanban", "form", "calendar", "pivot", "graph")]
        for user in (self.cs, self.tech, self.specialist):
            Complaint = self.env["key.account.complaint"].with_user(user)
            result = Complaint.get_views(views + [[False, "search"]])
            self.assertEqual(set(result["views"]), {v[1] for v in views} | {"search"})
            spec = {"picking_id": {"fields": {"display_name": {}}}, "state": {}}
            data = complaint.with_user(user).web_read(spec)
            self.assertEqual(data[0]["picking_id"]["display_name"], self.delivery.display_name)

    def test_not_satisfied_reopens_and_counts(self):
        """Not satisfied sends it back to handling, one more round each time."""
        suggestion = self._complaint(kind="suggestion")
        suggestion.with_user(self.cs).action_dispatch()
        suggestion.with_user(self.cs).write({"reply": "<p>Answer</p>"})
        suggestion.with_user(self.cs).action_reply()
        suggestion.with_user(self.cs).action_close()
        suggestion.with_user(self.cs).action_reopen()
        self.assertEqual(suggestion.state, "dispatched")
        self.assertTrue(suggestion.active)
        self.assertEqual(suggestion.reopen_count, 1)

    def test_cancel_needs_reason(self):
        """Cancel without a reason is refused; with one, the complaint is no longer valid."""
        complaint = self._complaint()
        self._to_review(complaint)
        self._judge(complaint)
        self.assertTrue(complaint.is_valid)
        with self.assertRaisesRegex(UserError, "Cancel Reason"):
            complaint.with_user(self.cs).action_cancel(reason="  ")
        self.assertEqual(complaint.state, "technical_review")
        complaint.with_user(self.cs).action_cancel(reason="Filed twice")
        self.assertEqual(complaint.state, "cancelled")
        self.assertEqual(complaint.cancel_reason, "Filed twice")
        self.assertFalse(complaint.is_valid)

    def test_dispatch_needs_fields(self):
        """Dispatch names the missing fields and refuses a sender who is no key account's
        contact."""
        complaint = self._complaint(description=False)
        with self.assertRaisesRegex(UserError, "Description"):
            complaint.with_user(self.cs).action_dispatch()
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        complaint.with_user(self.cs).write({"partner_id": stranger.id, "description": "<p>x</p>"})
        self.assertTrue(complaint.needs_assignment)
        with self.assertRaisesRegex(UserError, "Raised By"):
            complaint.with_user(self.cs).action_dispatch()
        self.assertEqual(complaint.state, "received")

    def test_valid_complaint_kpi_and_partner_counts(self):
        """Valid complaints per account in one grouped query; the partner's smart button
        counts complaints and suggestions."""
        valid = self._complaint()
        self._to_review(valid)
        self._judge(valid)
        customer_fault = self._complaint()
        self._to_review(customer_fault)
        self._judge(customer_fault, responsibility="customer", rework_type="none")
        self._complaint(kind="suggestion")
        Complaint = self.env["key.account.complaint"].with_user(self.director)
        rows = Complaint._kpi_valid_complaints(
            [("commercial_partner_id", "=", self.account.id)], ["commercial_partner_id", "user_id"]
        )
        self.assertEqual(rows, [(self.account, self.specialist, 1)])
        partner = self.account.with_user(self.cs)
        self.assertEqual(partner.key_account_complaint_count, 2)
        self.assertEqual(partner.key_account_suggestion_count, 1)

    def test_form_path(self):
        """Customer service files through the form; the technician judges through it."""
        with Form(self.env["key.account.complaint"].with_user(self.cs)) as form:
            form.partner_id = self.contact
            form.description = "<p>Bags torn</p>"
            form.product_id = self.product
        complaint = form.record
        self.assertEqual(complaint.commercial_partner_id, self.account)
        self._to_review(complaint)
        with Form(complaint.with_user(self.tech)) as form:
            form.responsibility = "carrier"
            form.judgement = "Damaged in transit"
            form.rework_type = "none"
        self.assertEqual(complaint.judged_by_id, self.tech)
        self.assertFalse(complaint.is_valid)


@tagged("post_install", "-at_install")
class TestComplaintSecurity(ComplaintCase):
    """Who may do what on a complaint, as an RPC client or through the form."""

    def test_judgement_outside_technical_refused(self):
        """Customer service (RPC or form) cannot judge; nothing is written."""
        complaint = self._complaint()
        self._to_review(complaint)
        with self.assertRaisesRegex(AccessError, "Responsibility.*technical department"):
            complaint.with_user(self.cs).write({"responsibility": "customer"})
        with (
            self.assertRaisesRegex(AccessError, "technical department"),
            Form(complaint.with_user(self.cs)) as form,
        ):
            form.judgement = "Not us"
        self.assertFalse(complaint.responsibility)
        self.assertFalse(complaint.judgement)
        with self.assertRaisesRegex(AccessError, "not allowed"):
            complaint.with_user(self.cs).action_rework()
        self.assertEqual(complaint.state, "technical_review")

    def test_judgement_only_in_review(self):
        """Even the technician judges only during the technical review."""
        complaint = self._complaint()
        complaint.with_user(self.cs).action_dispatch()
        with self.assertRaisesRegex(UserError, "Responsibility: .*Technical Review"):
            complaint.with_user(self.tech).write({"responsibility": "ours"})
        self.assertFalse(complaint.responsibility)

    def test_state_and_server_fields_over_rpc(self):
        """state, judged by, valid flag, account and reopen count are never written by a
        client, whatever context it sends."""
        complaint = self._complaint()
        ctx = {"key_account_transition": True, "tracking_disable": True}
        for vals in (
            {"state": "closed"},
            {"is_valid": True},
            {"judged_by_id": self.tech.id},
            {"commercial_partner_id": self.other_account.id},
            {"user_id": self.cs.id},
            {"reopen_count": 5},
            {"active": False},
        ):
            with self.assertRaises(UserError):
                complaint.with_user(self.cs).with_context(**ctx).write(vals)
        with self.assertRaisesRegex(UserError, "Status"):
            self._complaint(state="replied")
        with self.assertRaisesRegex(UserError, "Valid Complaint"):
            self._complaint(is_valid=True)
        self.assertEqual(complaint.state, "received")
        self.assertFalse(complaint.is_valid)
        self.assertEqual(complaint.commercial_partner_id, self.account)

    def test_account_fixed_after_dispatch(self):
        """After the dispatch the contact changes within the same key account only."""
        complaint = self._complaint()
        complaint.with_user(self.cs).action_dispatch()
        other_contact = self.env["res.partner"].create(
            {"name": "Wang", "parent_id": self.other_account.id}
        )
        with self.assertRaisesRegex(UserError, "Raised By: .*dispatched for"):
            complaint.with_user(self.cs).write({"partner_id": other_contact.id})
        with self.assertRaisesRegex(UserError, "Company"):
            complaint.with_user(self.cs).write({"company_id": self.company.id})
        self.assertEqual(complaint.commercial_partner_id, self.account)
        colleague = self.env["res.partner"].create({"name": "Han", "parent_id": self.account.id})
        complaint.with_user(self.cs).write({"partner_id": colleague.id})
        self.assertEqual(complaint.partner_id, colleague)

    def test_close_without_reply_refused(self):
        """Closing needs a reply: refused from an unreplied state, and the reply step
        itself refuses an empty reply."""
        suggestion = self._complaint(kind="suggestion")
        suggestion.with_user(self.cs).action_dispatch()
        with self.assertRaisesRegex(UserError, "Status"):
            suggestion.with_user(self.cs).action_close()
        suggestion.with_user(self.cs).write({"reply": "<p><br></p>"})
        with self.assertRaisesRegex(UserError, "Reply"):
            suggestion.with_user(self.cs).action_reply()
        self.assertEqual(suggestion.state, "dispatched")

    def test_technician_does_not_take_service_steps(self):
        """The technician neither dispatches, replies nor edits the complaint's content."""
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.tech).action_dispatch()
        with self.assertRaisesRegex(AccessError, "Description.*customer service"):
            complaint.with_user(self.tech).write({"description": "<p>changed</p>"})
        with self.assertRaises(AccessError):
            self._complaint(user=self.tech)
        self.assertEqual(complaint.state, "received")

    def test_rework_lines_technical_only(self):
        """Customer service cannot record rework or its result; the result is kept once."""
        complaint = self._complaint()
        self._to_rework(complaint)
        with self.assertRaisesRegex(AccessError, "only the technical department"):
            complaint.with_user(self.cs).write(
                {
                    "rework_line_ids": [
                        Command.create({"rework_type": "physical", "result": "passed"})
                    ]
                }
            )
        with self.assertRaises(AccessError):
            self.env["key.account.complaint.rework"].with_user(self.cs).create(
                {"complaint_id": complaint.id, "result": "passed"}
            )
        self.assertFalse(complaint.rework_line_ids)
        self._rework_line(complaint, "passed")
        with self.assertRaisesRegex(UserError, "recorded once"):
            complaint.rework_line_ids.with_user(self.tech).write({"result": "failed"})
        with self.assertRaisesRegex(UserError, "Done By"):
            complaint.rework_line_ids.with_user(self.tech).write({"done_by_id": self.cs.id})
        self.assertEqual(complaint.rework_line_ids.result, "passed")

    def test_specialists_see_own_accounts_only(self):
        """The account's specialist reads its complaints, not another account's; customer
        service reads all."""
        mine = self._complaint()
        other_contact = self.env["res.partner"].create(
            {"name": "Wang", "parent_id": self.other_account.id}
        )
        theirs = self._complaint(partner_id=other_contact.id)
        Complaint = self.env["key.account.complaint"]
        self.assertEqual(Complaint.with_user(self.specialist).search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.specialist).read(["name"])
        self.assertEqual(Complaint.with_user(self.cs).search([]), mine | theirs)
        self.assertEqual(Complaint.with_user(self.director).search([]), mine | theirs)
        with self.assertRaises(AccessError):
            mine.with_user(self.plain_user).read(["name"])
        # the office's manager sees his office's accounts; a specialist of no account, none
        self.assertEqual(Complaint.with_user(self.manager).search([]), mine | theirs)
        stranger = self._user("kam_spec_none", "key_account_mgmt.group_kam_specialist")
        self.assertFalse(Complaint.with_user(stranger).search([]))
        self.assertFalse(self.env["key.account.complaint.rework"].with_user(stranger).search([]))

    def test_multi_company(self):
        """A complaint of another company is invisible to customer service of this one."""
        company2 = self.env["res.company"].create({"name": "Other Co"})
        complaint = self._complaint()
        complaint.sudo()._write_internal({"company_id": company2.id})
        complaint.invalidate_recordset()
        with self.assertRaises(AccessError):
            complaint.with_user(self.cs).read(["name"])


@tagged("post_install", "-at_install")
class TestComplaintReturn(ComplaintCase):
    """Returns decided by the account's manager or the KAM director, made by Odoo's own
    return wizard into the key account's warehouse."""

    def _return_complaint(self, **vals):
        complaint = self._complaint(picking_id=self.delivery.id, product_id=self.product.id, **vals)
        complaint.with_user(self.cs).action_dispatch()
        return complaint

    def test_manager_approves_return(self):
        """The account's manager approves 4 of the 10 delivered: a return transfer of 4
        into the key-account warehouse, linked on the complaint."""
        complaint = self._return_complaint()
        complaint.with_user(self.specialist).action_return_approve(quantity=4)
        ret = complaint.return_picking_id
        self.assertEqual(complaint.return_state, "approved")
        self.assertEqual(complaint.return_qty, 4)
        self.assertEqual(complaint.return_decided_by_id, self.specialist)
        self.assertEqual(ret.return_id, self.delivery)
        self.assertEqual(ret.picking_type_code, "incoming")
        self.assertEqual(ret.move_ids.product_uom_qty, 4)
        self.assertEqual(ret.location_dest_id.warehouse_id, self.ka_warehouse)
        self.assertEqual(ret.move_ids.origin_returned_move_id, self.delivery.move_ids)

    def test_more_than_delivered_refused(self):
        """More than delivered and not yet returned is refused, nothing created."""
        complaint = self._return_complaint()
        with self.assertRaisesRegex(UserError, "Return Quantity: 11"):
            complaint.with_user(self.director).action_return_approve(quantity=11)
        first = self._return_complaint()
        first.with_user(self.director).action_return_approve(quantity=8)
        with self.assertRaisesRegex(UserError, "Return Quantity: 3"):
            complaint.with_user(self.director).action_return_approve(quantity=3)
        self.assertEqual(complaint.return_state, "none")
        self.assertFalse(complaint.return_picking_id)
        with self.assertRaisesRegex(UserError, "positive"):
            complaint.with_user(self.director).action_return_approve(quantity=-1)

    def test_no_done_delivery_refused(self):
        """A complaint without a done delivery has no return."""
        complaint = self._complaint(product_id=self.product.id)
        with self.assertRaisesRegex(UserError, "Delivery"):
            complaint.with_user(self.specialist).action_return_approve(quantity=1)
        undelivered = self._confirm(self._order(self.account, qty=5)).picking_ids
        complaint.with_user(self.cs).write({"picking_id": undelivered.id})
        with self.assertRaisesRegex(UserError, "no done delivery"):
            complaint.with_user(self.specialist).action_return_approve(quantity=1)
        self.assertEqual(complaint.return_state, "none")

    def test_return_decided_by_someone_else_refused(self):
        """Customer service, the technician or another manager cannot decide the return."""
        complaint = self._return_complaint()
        other_manager = self._user("kam_other_mgr", "key_account_mgmt.group_kam_director")
        other_manager.groups_id = [(3, self.env.ref("key_account_mgmt.group_kam_director").id)]
        for user in (self.cs, self.tech, self.manager):
            with self.assertRaises(AccessError):
                complaint.with_user(user).action_return_approve(quantity=1)
            with self.assertRaises(AccessError):
                complaint.with_user(user).action_return_refuse(reason="no")
        self.assertEqual(complaint.return_state, "none")
        self.assertFalse(complaint.return_picking_id)

    def test_refuse_with_reason_once(self):
        """A refusal needs a reason; a decided return is not decided again."""
        complaint = self._return_complaint()
        with self.assertRaisesRegex(UserError, "Return Refusal Reason"):
            complaint.with_user(self.specialist).action_return_refuse(reason=" ")
        complaint.with_user(self.specialist).action_return_refuse(reason="Used on site")
        self.assertEqual(complaint.return_state, "refused")
        with self.assertRaisesRegex(UserError, "already Refused"):
            complaint.with_user(self.director).action_return_approve(quantity=1)
        self.assertFalse(complaint.return_picking_id)

    def test_return_dialog(self):
        """The manager decides through the dialog."""
        complaint = self._return_complaint()
        action = complaint.with_user(self.specialist).action_open_return_wizard()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.specialist)
            .with_context(**action["context"])
        ) as form:
            form.quantity = 2
        form.record.action_approve()
        self.assertEqual(complaint.return_qty, 2)
