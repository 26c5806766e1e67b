import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common_complaint_intake import ComplaintIntakeCase


@tagged("post_install", "-at_install")
class TestComplaintRating(ComplaintIntakeCase):
    """Satisfaction: the request on reply, the phone answer and its effects, CSAT."""

    def _answer(self, complaint, rating, user=None, feedback=False):
        wizard = (
            self.env["key.account.complaint.rating.wizard"]
            .with_user(user or self.cs)
            .create({"complaint_id": complaint.id, "rating": rating, "feedback": feedback})
        )
        return wizard.action_apply()

    def test_reply_sends_rating_request(self):
        """The reply sends the contact the satisfaction question with the rating links."""
        complaint = self._replied(self._complaint())
        rating = complaint.sudo().rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.contact)
        self.assertFalse(rating.consumed)
        request = complaint.message_ids.filtered(
            lambda m: f"/rate/{rating.access_token}/5" in m.body
        )
        self.assertTrue(request, "the request with the satisfied link is in the chatter")
        self.assertIn(self.contact, request.partner_ids | request.notification_ids.res_partner_id)

    def test_phone_answer_satisfied_closes(self):
        """Customer service records 'satisfied': closed and archived."""
        complaint = self._replied(self._complaint())
        self._answer(complaint, "5", feedback="Fine now")
        self.assertEqual(complaint.state, "closed")
        self.assertFalse(complaint.active)
        self.assertEqual(complaint.sudo().rating_ids.rating, 5)
        self.assertFalse(complaint.waiting_customer)

    def test_phone_answer_dissatisfied_reopens(self):
        """'Okay' or 'dissatisfied' reopens the complaint for one more round."""
        complaint = self._replied(self._complaint())
        self._answer(complaint, "3")
        self.assertEqual(complaint.state, "dispatched")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertTrue(complaint.active)

    def test_phone_answer_refused(self):
        """Not customer service, not replied, an answer out of range: refused, nothing
        written."""
        complaint = self._replied(self._complaint())
        with self.assertRaises(AccessError):
            self._answer(complaint, "5", user=self.tech)
        with self.assertRaisesRegex(UserError, "Customer's Answer: 4 is not an answer"):
            self._answer(complaint, "4")
        open_complaint = self._complaint()
        with self.assertRaisesRegex(UserError, "follows the reply"):
            self._answer(open_complaint, "5")
        self.assertEqual(complaint.state, "replied")
        self.assertFalse(complaint.sudo().rating_ids.consumed)

    def test_rating_apply_over_rpc_refused(self):
        """rating_apply called by a user over RPC is refused; out of range too."""
        complaint = self._replied(self._complaint())
        token = complaint.sudo().rating_ids.access_token
        with self.assertRaises(AccessError):
            complaint.with_user(self.cs).rating_apply(5, token=token)
        with self.assertRaisesRegex(UserError, "Rating: 7 is not an answer"):
            complaint.sudo().rating_apply(7, token=token)
        with self.assertRaisesRegex(UserError, "Rating: 4 is not an answer"):
            complaint.sudo().rating_apply(4, token=token)
        self.assertEqual(complaint.state, "replied")
        self.assertFalse(complaint.sudo().rating_ids.consumed)

    def test_csat_per_account(self):
        """CSAT per account in one _read_group: satisfied answers among all answers."""
        first = self._replied(self._complaint())
        second = self._replied(self._complaint())
        self._answer(first, "5")
        self._answer(second, "1")
        Complaint = self.env["key.account.complaint"]
        with self.assertQueryCount(__system__=3):
            rows = Complaint._kpi_csat([], ["commercial_partner_id"])
        self.assertEqual(rows, [(self.account, 1, 2, 0.5)])
        rows = Complaint._kpi_csat([], ["user_id", "write_date:month"])
        self.assertEqual([row[2:] for row in rows], [(1, 2, 0.5)])
        with self.assertRaisesRegex(UserError, "CSAT: description"):
            Complaint._kpi_csat([], ["description"])


@tagged("post_install", "-at_install")
class TestComplaintRatingLink(HttpCase, ComplaintIntakeCase):
    """The rating link of the request: Odoo's rating form applies the answer."""

    def _submit(self, token, rate):
        page = self.url_open(f"/rate/{token}/{rate}")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": rate, "csrf_token": csrf, "feedback": "ok"},
        )

    def test_rating_link_satisfied_closes(self):
        """A satisfied answer through the link closes and archives the complaint."""
        complaint = self._replied(self._complaint())
        response = self._submit(complaint.sudo().rating_ids.access_token, 5)
        self.assertEqual(response.status_code, 200)
        complaint.invalidate_recordset()
        self.assertEqual(complaint.state, "closed")
        self.assertFalse(complaint.active)

    def test_rating_link_dissatisfied_reopens(self):
        """A dissatisfied answer through the link reopens the complaint."""
        complaint = self._replied(self._complaint())
        self._submit(complaint.sudo().rating_ids.access_token, 1)
        complaint.invalidate_recordset()
        self.assertEqual(complaint.state, "dispatched")
        self.assertEqual(complaint.reopen_count, 1)

    def test_rating_link_bad_token(self):
        """A wrong token finds nothing."""
        self.assertEqual(self.url_open("/rate/not-a-token/5").status_code, 404)


@tagged("post_install", "-at_install")
class TestComplaintRatingAbuse(ComplaintIntakeCase):
    """An answered question cannot be answered again; no rating through a chatter post."""

    def test_answered_link_used_up(self):
        """Once answered, the same link changes nothing; a foreign token is refused."""
        complaint = self._replied(self._complaint())
        rating = complaint.sudo().rating_ids
        complaint.sudo().rating_apply(1, token=rating.access_token)
        self.assertEqual(complaint.state, "dispatched")
        with self.assertRaisesRegex(UserError, "already answered"):
            complaint.sudo().rating_apply(5, token=rating.access_token)
        other = self._replied(self._complaint())
        with self.assertRaisesRegex(UserError, "no satisfaction question"):
            other.sudo().rating_apply(5, token=rating.access_token)
        self.assertEqual(other.state, "replied")
        self.assertEqual(rating.rating, 1)

    def test_rating_in_chatter_post_refused(self):
        """A portal customer's chatter post with a rating value is refused."""
        portal = self._portal_user("kam_rating_portal", self.contact)
        complaint = self._replied(self._complaint())
        with self.assertRaisesRegex(UserError, "not in a message"):
            complaint.with_user(portal).message_post(body="great", rating_value=999)
        self.assertFalse(complaint.sudo().rating_ids.filtered("consumed"))
        message = complaint.with_user(portal).message_post(body="Thanks, checking.")
        self.assertEqual(message.author_id, self.contact)
