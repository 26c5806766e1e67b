"""Helpers of the complaint intake tests: a key account with its contact, a working
calendar in UTC (Mon–Fri 08–12, 13–17) and complaints taken to the reply."""

from odoo.tests import new_test_user

from .common import KeyAccountCase


class ComplaintIntakeCase(KeyAccountCase):
    """A grade-B key account with a contact, customer service and a known calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cs = cls.users["cs"]
        cls.tech = cls.users["tech"]
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "KAM test 40h UTC",
                "tz": "UTC",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {part}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": part,
                        },
                    )
                    for day in range(5)
                    for part, start, end in (("morning", 8, 12), ("afternoon", 13, 17))
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.account = cls._make_key_account("KAM Intake Account Ltd")
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Ms Wang",
                "parent_id": cls.account.id,
                "email": "wang@intake-account.example.com",
            }
        )

    @classmethod
    def _portal_user(cls, login, partner):
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=partner.id,
            name=partner.name,
            email=partner.email or f"{login}@example.com",
            password=login,
        )

    def _complaint(self, kind="suggestion", partner=None, user=None):
        return (
            self.env["key.account.complaint"]
            .with_user(user or self.cs)
            .create(
                {
                    "kind": kind,
                    "partner_id": (partner or self.contact).id,
                    "channel": "phone",
                    "description": "<p>The drums arrived dented.</p>",
                }
            )
        )

    def _replied(self, complaint):
        """Take a suggestion (dispatched → replied) to the reply as customer service."""
        complaint = complaint.with_user(self.cs)
        complaint.action_dispatch()
        complaint.reply = "<p>We will pack them in crates.</p>"
        complaint.action_reply()
        return complaint
