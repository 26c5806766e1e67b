from odoo import models


class KeyAccountVisit(models.Model):
    """The participants' calendar event of a visit is private (S8).

    Every internal user reads every calendar event in Odoo (the calendar's own rule for
    employees), so a record rule of a KAM group could not narrow it: rules of one user's
    groups add up. Odoo's own event privacy does bind everybody: a private event shows
    its organiser and time as "Busy" to anyone who is not an attendee, its title (the
    account), place, description and attendees are hidden, and it cannot be grouped by
    them. The visit itself (key.account.visit) is where the account team, the office and
    the KAM department read visits, under the addon's rules.
    """

    _inherit = "key.account.visit"  # pylint: disable=consider-merging-classes-inherited

    def _calendar_event_vals(self):
        return dict(super()._calendar_event_vals(), privacy="private")
