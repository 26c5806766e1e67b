"""Customer satisfaction of complaints through Odoo's rating mixin, and the CSAT figure.

* On reply (``_do_reply``), the contact who raised the complaint gets the rating request
  (``rating_send_request`` with ``mail_template_key_account_complaint_rating``: the
  satisfied / okay / dissatisfied links of Odoo's ``/rate/<token>/<value>`` form).
* When the rating is applied (Odoo's rating form checked the token, then calls
  ``rating_apply`` as the system; or customer service records the answer given by phone,
  ``key.account.complaint.rating.wizard``): 5 (satisfied) closes and archives the
  complaint (``action_close``), 3 (okay) or 1 (dissatisfied) reopens it
  (``action_reopen``, one more round), in the superuser environment of this hook, only
  while the complaint is replied or closed.  Any other value is refused.
* ``_kpi_csat(domain, groupby)``: share of satisfied answers, one ``_read_group``.
"""

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.rating.models import rating_data

from ..tools import checked_args

RATING_VALUES = (1, 3, 5)
SATISFIED = 5


class KeyAccountComplaintRating(models.Model):
    _name = "key.account.complaint"
    # The mixins first: rating.mixin is a mail.thread, which the complaint already is.
    _inherit = ["rating.mixin", "portal.mixin", "key.account.complaint"]

    # ------------------------------------------------------------------ reply → request
    def _do_reply(self, **kwargs):
        result = super()._do_reply(**kwargs)
        self._send_rating_request()
        return result

    def _send_rating_request(self):
        """Send the satisfaction question to the contact who raised each complaint."""
        template = self.env.ref(
            "key_account_mgmt.mail_template_key_account_complaint_rating",
            raise_if_not_found=False,
        )
        if not template:
            return
        for complaint in self.filtered("partner_id"):
            complaint.rating_send_request(
                template, lang=complaint.partner_id.lang, force_send=False
            )

    # ------------------------------------------------------------------ answer → effect
    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """Odoo's rating hook, refused for values other than 1, 3 and 5; the answer
        closes (satisfied) or reopens (not satisfied) the replied complaint."""
        self.ensure_one()
        self._check_rating_value(rate)
        if not self.env.su:
            # Odoo's rating form calls this as the system after checking the token; an
            # internal user records the customer's answer through the phone dialog.
            raise AccessError(
                self.env._(
                    "Rating: the customer's answer is recorded through the rating link or "
                    "customer service's Record Customer Answer button."
                )
            )
        if token:
            rating = self.env["rating.rating"].search([("access_token", "=", token)], limit=1)
            token = None
        if not rating or rating.res_model != self._name or rating.res_id != self.id:
            raise UserError(
                self.env._(
                    "Rating: no satisfaction question of %(doc)s matches this answer.",
                    doc=self._document_label(),
                )
            )
        if rating.consumed:
            raise UserError(
                self.env._(
                    "Rating: this satisfaction question of %(doc)s was already answered.",
                    doc=self._document_label(),
                )
            )
        if self.state not in ("replied", "closed"):
            raise UserError(
                self.env._(
                    "Rating: %(doc)s is %(state)s; the satisfaction question follows the reply.",
                    doc=self._document_label(),
                    state=self._state_label(),
                )
            )
        result = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        self._apply_rating_effect(rate)
        return result

    def message_post(self, **kwargs):
        # Odoo's chatter lets a poster attach a rating (rating_value); the customer's
        # answer is given through the rating link or recorded by customer service only.
        if kwargs.get("rating_value"):
            raise UserError(
                self.env._(
                    "Rating: the satisfaction answer is given through the rating link of "
                    "the reply, not in a message."
                )
            )
        return super().message_post(**kwargs)

    def _check_rating_value(self, rate):
        if (
            not isinstance(rate, (int, float))
            or isinstance(rate, bool)
            or rate not in RATING_VALUES
        ):
            raise UserError(
                self.env._(
                    "Rating: %(value)s is not an answer; it is 5 (satisfied), 3 (okay) or 1 "
                    "(dissatisfied).",
                    value=rate,
                )
            )

    def _apply_rating_effect(self, rate):
        """Close a satisfied complaint, reopen an unsatisfied one (superuser environment:
        the caller checked the token or the acting user)."""
        # As the system user (OdooBot), not the public user of the rating page: the
        # chatter says the customer's answer closed or reopened it.
        complaint_sudo = self.with_user(SUPERUSER_ID)
        if rate >= SATISFIED:
            if complaint_sudo.state == "replied":
                complaint_sudo.action_close()
        elif complaint_sudo.state in ("replied", "closed"):
            complaint_sudo.action_reopen()

    # ------------------------------------------------------------------ the phone answer
    @checked_args
    def action_open_rating_wizard(self):
        """The dialog in which customer service records the customer's answer by phone."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Customer Answer"),
            "res_model": "key.account.complaint.rating.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    # ------------------------------------------------------------------ KPI
    @api.model
    def _kpi_csat(self, domain=None, groupby=("commercial_partner_id",)):
        """CSAT of complaints in one ``_read_group`` over their answered ratings.

        ``groupby``: complaint fields among ``commercial_partner_id`` (the key account),
        ``user_id`` (account manager), ``team_id``, ``tier_id``, ``kind``, ``company_id``,
        and/or the answer's period ``write_date:day|week|month|quarter|year``.
        ``domain``: on ``rating.rating`` (e.g. ``[("write_date", ">=", start)]``; the
        complaint's fields through ``key_account_complaint_id``).  Returns
        ``[(*groups, satisfied, answered, share)]``: answers at 5 ("satisfied") among
        all answers (1, 3 or 5), share from 0.0 to 1.0.
        """
        rating_groupby = []
        for spec in groupby:
            fname = spec.split(":")[0]
            if fname in CSAT_GROUPS:
                rating_groupby.append(CSAT_GROUPS[fname])
            elif fname == "write_date":
                rating_groupby.append(spec)
            else:
                raise UserError(
                    self.env._(
                        "CSAT: %(spec)s cannot be grouped by; use %(allowed)s or write_date "
                        "with a period.",
                        spec=spec,
                        allowed=", ".join(sorted(CSAT_GROUPS)),
                    )
                )
        rows = self.env["rating.rating"]._read_group(
            [
                ("key_account_complaint_id", "!=", False),
                ("consumed", "=", True),
                ("rating", ">=", rating_data.RATING_LIMIT_MIN),
            ]
            + list(domain or []),
            [*rating_groupby, "rating"],
            ["__count"],
        )
        totals = {}
        for *groups, rate, count in rows:
            satisfied, answered = totals.get(tuple(groups), (0, 0))
            totals[tuple(groups)] = (
                satisfied + (count if rate >= SATISFIED else 0),
                answered + count,
            )
        return [
            (*groups, satisfied, answered, satisfied / answered if answered else 0.0)
            for groups, (satisfied, answered) in totals.items()
        ]


# complaint field → its related field on rating.rating (models/rating_rating_complaint.py)
CSAT_GROUPS = {
    "commercial_partner_id": "key_account_partner_id",
    "user_id": "key_account_user_id",
    "team_id": "key_account_team_id",
    "tier_id": "key_account_tier_id",
    "kind": "key_account_kind",
    "company_id": "key_account_company_id",
}
