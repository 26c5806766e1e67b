import math
from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.key_account_mgmt.models.key_account_state_machine import TRANSITION_KEY
from odoo.addons.key_account_mgmt.tools.geo import haversine_km
from odoo.addons.key_account_mgmt.tools.guards import ACTION_SENTINEL

from .common import GROUPS, KeyAccountCase


@tagged("post_install", "-at_install")
class TestVisit(KeyAccountCase):
    """Visits (客户拜访计划表): plan, calendar, check-in/out with GPS, done → contact log."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls._make_key_account("Visited Customer")
        cls.account.write({"partner_latitude": 31.2304, "partner_longitude": 121.4737})
        cls.person = cls.env["res.partner"].create({"name": "Mr Wang", "parent_id": cls.account.id})
        cls.key_contact = cls.env["key.account.contact"].create(
            {"partner_id": cls.account.id, "contact_id": cls.person.id, "role": "purchaser"}
        )
        cls.senior = new_test_user(
            cls.env, login="kam_visit_senior", name="General Manager", groups="base.group_user"
        )
        cls.Visit = cls.env["key.account.visit"]

    def _visit(self, user=None, **vals):
        values = {
            "partner_id": self.account.id,
            "name": "Present the new grade",
            "planned_date": fields.Datetime.now() - timedelta(hours=1),
        }
        values.update(vals)
        return self.Visit.with_user(user or self.specialist).create(values)

    # ------------------------------------------------------------------ plan
    def test_plan_through_form_creates_and_syncs_calendar_event(self):
        """The specialist plans a visit in the form; the participants get a calendar event."""
        start = datetime(2030, 3, 4, 2, 0)
        form = Form(self.Visit.with_user(self.specialist))
        form.partner_id = self.account
        form.name = "Discuss the 2030 supply contract"
        form.planned_date = start
        form.duration = 2.0
        form.contact_ids.add(self.key_contact)
        form.participant_ids.add(self.manager)
        form.expected_result = "Draft contract agreed"
        visit = form.save()
        self.assertEqual((visit.state, visit.user_id), ("planned", self.specialist))
        self.assertEqual(visit.account_manager_id, self.specialist)
        event = visit.calendar_event_id
        self.assertTrue(event)
        self.assertEqual((event.start, event.stop), (start, start + timedelta(hours=2)))
        self.assertEqual(event.user_id, self.specialist)
        self.assertEqual(
            event.partner_ids, (self.specialist | self.manager).partner_id, "all participants"
        )
        self.assertIn("Discuss the 2030 supply contract", event.name)

        # moving the visit and adding a senior manager moves the event and invites him
        with Form(visit.with_user(self.specialist)) as form:
            form.planned_date = start + timedelta(days=1)
            form.senior_participant_ids.add(self.senior)
        self.assertEqual(visit.calendar_event_id, event, "the same event is kept")
        self.assertEqual(event.start, start + timedelta(days=1))
        self.assertEqual(
            event.partner_ids, (self.specialist | self.manager | self.senior).partner_id
        )

        # cancelling archives the event, back to planned restores it
        visit.with_user(self.specialist).action_cancel()
        self.assertEqual(visit.state, "cancelled")
        self.assertFalse(event.active)
        visit.with_user(self.specialist).action_reset_to_planned()
        self.assertEqual(visit.state, "planned")
        self.assertTrue(event.active)

    def test_senior_visit_needs_senior_manager_and_agenda(self):
        """A senior-management visit is refused without a senior manager or an agenda."""
        with self.assertRaisesRegex(ValidationError, "Senior Management: .* needs at least one"):
            self._visit(visit_type="senior", agenda="<p>Strategy</p>")
        with self.assertRaisesRegex(ValidationError, "Agenda: .* planned with its agenda"):
            self._visit(visit_type="senior", senior_participant_ids=[Command.set(self.senior.ids)])
        self.assertFalse(self.Visit.search([("partner_id", "=", self.account.id)]))
        visit = self._visit(
            visit_type="senior",
            senior_participant_ids=[Command.set(self.senior.ids)],
            agenda="<p>Five-year cooperation plan</p>",
        )
        self.assertEqual(visit.visit_type, "senior")
        self.assertIn("Five-year cooperation plan", visit.calendar_event_id.description)
        self.assertIn(self.senior.partner_id, visit.calendar_event_id.partner_ids)
        # the form asks for the agenda too
        form = Form(self.Visit.with_user(self.specialist))
        form.visit_type = "senior"
        self.assertTrue(form._get_modifier("agenda", "required"))

    def test_only_key_accounts_and_their_contacts(self):
        """Ordinary customers and contacts of another account are refused (RPC)."""
        with self.assertRaisesRegex(ValidationError, "is not a key account"):
            self._visit(partner_id=self.customer.id)
        other = self._make_key_account("Other Visited")
        other_contact = self.env["key.account.contact"].create(
            {
                "partner_id": other.id,
                "contact_id": self.env["res.partner"]
                .create({"name": "Ms Li", "parent_id": other.id})
                .id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "Contacts Met: Other Visited, Ms Li is not"):
            self._visit(contact_ids=[Command.set(other_contact.ids)])
        # the SQL CHECK, read as the caller's ValidationError (the state machine's rule)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaisesRegex(ValidationError, "Duration: a visit lasts more than 0 hours"),
        ):
            self._visit(duration=0)

    # ------------------------------------------------------------------ check-in / out
    def test_check_in_and_out_with_position(self):
        """Check-in and check-out store server time, position and distance to the account."""
        visit = self._visit()
        lat, lon = 31.2404, 121.4737  # 0.01° north of the account: about 1.112 km
        with freeze_time("2030-01-01 08:00:00"):
            visit.with_user(self.specialist).action_check_in(latitude=lat, longitude=lon)
        self.assertEqual(visit.check_in_date, datetime(2030, 1, 1, 8, 0))
        self.assertTrue(visit.check_in_located)
        self.assertAlmostEqual(visit.check_in_latitude, lat, places=6)
        self.assertAlmostEqual(visit.check_in_longitude, lon, places=6)
        self.assertAlmostEqual(visit.check_in_distance, 1.112, delta=0.002)
        self.assertEqual(visit.date, visit.check_in_date, "the visit date is the check-in")
        with self.assertRaisesRegex(UserError, "already checked in"):
            visit.with_user(self.specialist).action_check_in(latitude=lat, longitude=lon)
        with freeze_time("2030-01-01 09:30:00"):
            visit.with_user(self.specialist).action_check_out(latitude=31.2304, longitude=121.4737)
        self.assertEqual(visit.check_out_date, datetime(2030, 1, 1, 9, 30))
        self.assertAlmostEqual(visit.check_out_distance, 0.0, places=3)
        with self.assertRaisesRegex(UserError, "not checked out yet"):
            visit.with_user(self.specialist).action_check_out()

    def test_check_in_without_position(self):
        """Denied or unavailable position: checked in and out without coordinates."""
        visit = self._visit()
        with self.assertRaisesRegex(UserError, "checked in first"):
            visit.with_user(self.specialist).action_check_out()
        visit.with_user(self.specialist).action_check_in()
        self.assertTrue(visit.check_in_date)
        self.assertFalse(visit.check_in_located)
        self.assertFalse(visit.check_in_distance)
        visit.with_user(self.specialist).action_check_out(latitude=None, longitude=None)
        self.assertTrue(visit.check_out_date)
        self.assertFalse(visit.check_out_located)

    def test_distance_needs_the_place_geolocation(self):
        """No distance when the account has no geolocation; a reception measures to us."""
        self.account.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        visit = self._visit()
        self.assertFalse(visit.place_located)
        visit.with_user(self.specialist).action_check_in(latitude=31.0, longitude=121.0)
        self.assertTrue(visit.check_in_located)
        self.assertFalse(visit.check_in_distance)
        self.company.partner_id.write({"partner_latitude": 39.9042, "partner_longitude": 116.4074})
        reception = self._visit(visit_type="reception", name="Factory tour")
        self.assertTrue(reception.place_located)
        reception.with_user(self.specialist).action_check_in(latitude=39.9042, longitude=116.4174)
        expected = haversine_km(39.9042, 116.4174, 39.9042, 116.4074)
        self.assertAlmostEqual(reception.check_in_distance, round(expected, 3), places=3)
        self.assertLess(reception.check_in_distance, 1.0)

    def test_coordinates_are_validated_on_the_server(self):
        """Only WGS84 pairs are accepted: -90..90, -180..180, both or neither, numbers."""
        visit = self._visit().with_user(self.specialist)
        bad = [
            ({"latitude": 90.5, "longitude": 10}, "Check-in latitude: 90.5 is outside -90..90"),
            ({"latitude": -91, "longitude": 10}, "latitude: -91 is outside"),
            ({"latitude": 10, "longitude": 180.01}, "longitude: 180.01 is outside -180..180"),
            ({"latitude": 10, "longitude": -181}, "longitude: -181 is outside"),
            ({"latitude": 10}, "latitude and longitude come together"),
            ({"longitude": 10}, "latitude and longitude come together"),
            ({"latitude": math.nan, "longitude": 121}, "outside"),
        ]
        for kwargs, message in bad:
            with self.subTest(kwargs=kwargs), self.assertRaisesRegex(ValidationError, message):
                visit.action_check_in(**kwargs)
        # the argument types are refused by @checked_args (issue 9), before the method runs
        for kwargs in (
            {"latitude": "31.2", "longitude": 121},
            {"latitude": True, "longitude": 121},
        ):
            with self.subTest(kwargs=kwargs), self.assertRaisesRegex(UserError, "must be a number"):
                visit.action_check_in(**kwargs)
        self.assertFalse(visit.check_in_date, "nothing written by a refused check-in")
        # the edges are valid
        visit.action_check_in(latitude=-90, longitude=180)
        self.assertTrue(visit.check_in_located)
        # and the stored fields are guarded by a constraint too (an internal write)
        with self.assertRaisesRegex(ValidationError, "Check-out longitude: 200"):
            visit.sudo()._write_internal({"check_out_latitude": 1.0, "check_out_longitude": 200.0})

    def test_check_fields_and_state_only_through_buttons(self):
        """RPC cannot forge check-in data or jump states; it must use the buttons."""
        visit = self._visit().with_user(self.specialist)
        with self.assertRaisesRegex(UserError, "Check-in/Check-out .*check_in_date"):
            visit.write({"check_in_date": fields.Datetime.now()})
        with self.assertRaisesRegex(UserError, "check_in_latitude"):
            self._visit(check_in_latitude=31.0, check_in_longitude=121.0)
        with self.assertRaisesRegex(UserError, "Status: a visit moves on only through"):
            visit.write({"state": "done"})
        with self.assertRaisesRegex(UserError, "Status: a visit is created as planned"):
            self._visit(state="done")
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.check_in_date)

    # ------------------------------------------------------------------ done
    def test_done_writes_the_contact_log_once_and_schedules_next_steps(self):
        """Done: one contact-log entry (form visit), follow-up activities for next steps."""
        visit = self._visit(contact_ids=[Command.set(self.key_contact.ids)])
        visit.with_user(self.specialist).action_check_in(latitude=31.2304, longitude=121.4737)
        with Form(visit.with_user(self.specialist)) as form:
            form.outcome = "Customer agrees to a trial order of 200 t"
            with form.next_step_ids.new() as step:
                step.name = "Send the trial-order quotation"
                step.user_id = self.specialist
                step.date_deadline = fields.Date.today() + timedelta(days=3)
            with form.next_step_ids.new() as step:
                step.name = "Technical visit to the plant"
                step.user_id = self.users["tech"]
        self.assertFalse(visit.next_step_ids.activity_id, "no activity before the visit is done")
        visit.with_user(self.specialist).action_done()
        self.assertEqual(visit.state, "done")
        log = self.env["key.account.contact.log"].search([("visit_id", "=", visit.id)])
        self.assertEqual(len(log), 1)
        self.assertEqual(visit.contact_log_id, log)
        self.assertEqual(
            (log.partner_id, log.form, log.topic, log.result, log.user_id, log.contact_id),
            (
                self.account,
                "visit",
                "Present the new grade",
                "Customer agrees to a trial order of 200 t",
                self.specialist,
                self.person,
            ),
        )
        self.assertEqual(log.date, visit.check_in_date)
        activities = visit.next_step_ids.activity_id
        self.assertEqual(len(activities), 2)
        self.assertEqual(set(activities.mapped("res_id")), {self.account.id})
        self.assertEqual(set(activities.mapped("res_model")), {"res.partner"})
        self.assertEqual(
            activities.user_id, self.specialist | self.users["tech"], "assigned as planned"
        )
        self.assertTrue(all(visit.next_step_ids.mapped("scheduled")))
        # idempotent: writing the log and scheduling again creates nothing
        visit._write_contact_log()
        visit.next_step_ids._schedule_activities()
        self.assertEqual(
            self.env["key.account.contact.log"].search_count([("visit_id", "=", visit.id)]), 1
        )
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.account.id),
                    ("activity_type_id.name", "=", "Visit Follow-up"),
                ]
            ),
            2,
        )
        with self.assertRaisesRegex(UserError, "not planned, so it cannot be done"):
            visit.with_user(self.specialist).action_done()
        # a step added after the visit is done is followed up at once
        late = (
            self.env["key.account.visit.next.step"]
            .with_user(self.specialist)
            .create({"visit_id": visit.id, "name": "Call back in a month"})
        )
        self.assertTrue(late.activity_id)
        # the log entry cannot be duplicated by hand either
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["key.account.contact.log"].with_context(
                **{TRANSITION_KEY: ACTION_SENTINEL}
            ).create({"partner_id": self.account.id, "topic": "dup", "visit_id": visit.id})

    def test_done_rules(self):
        """Done needs an outcome and a visit that took place; a done visit is fixed."""
        visit = self._visit().with_user(self.specialist)
        with self.assertRaisesRegex(UserError, "Outcome: record the outcome"):
            visit.action_done()
        future = self._visit(planned_date=fields.Datetime.now() + timedelta(days=2)).with_user(
            self.specialist
        )
        future.outcome = "Early notes"
        with self.assertRaisesRegex(UserError, "Visit Date: .* only once it has taken place"):
            future.action_done()
        with self.assertRaisesRegex(UserError, "still ahead; only a past visit can be missed"):
            future.action_mark_missed()
        # checked in earlier than planned: the visit did take place
        future.action_check_in()
        future.action_done()
        self.assertEqual(future.state, "done")
        with self.assertRaisesRegex(UserError, "is done: its account, type and date"):
            future.write({"planned_date": fields.Datetime.now()})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            future.unlink()
        future.write({"outcome": "Completed notes"})  # the record itself may be completed
        with self.assertRaisesRegex(UserError, "Done and cannot be cancelled"):
            future.action_cancel()
        visit.action_mark_missed()
        self.assertEqual(visit.state, "missed")
        self.assertFalse(visit.calendar_event_id.active)
        with self.assertRaisesRegex(UserError, "not planned, so it cannot be done"):
            visit.action_done()
        # a cancelled visit can be deleted with its event
        event = visit.calendar_event_id
        visit.action_reset_to_planned()
        visit.action_cancel()
        visit.unlink()
        self.assertFalse(event.exists())

    def test_done_closes_the_visit_due_activity(self):
        """The "visit due" activity of the account is closed by a done visit."""
        due_type = self.env.ref("key_account_mgmt.mail_activity_type_kam_visit_due")
        self.account.activity_schedule(activity_type_id=due_type.id, user_id=self.specialist.id)
        visit = self._visit(outcome="Fine")
        visit.with_user(self.specialist).action_done()
        self.assertFalse(
            self.account.activity_ids.filtered(lambda a: a.activity_type_id == due_type)
        )

    def test_expenses_per_account_manager_and_month(self):
        """Visit expenses are entered on the form, refused when negative (form and RPC),
        and aggregate by account, account manager and month with one _read_group."""
        with Form(self.Visit.with_user(self.specialist)) as form:
            form.partner_id = self.account
            form.name = "Dinner with the purchasing team"
            form.planned_date = datetime(2026, 3, 10, 4, 0)
            form.expense_amount = 880.5
        first = form.record
        second = self._visit(planned_date=datetime(2026, 3, 20, 4, 0), expense_amount=120)
        self._visit(planned_date=datetime(2026, 4, 2, 4, 0), expense_amount=300)
        with self.assertRaisesRegex(ValidationError, "Visit Expenses"):
            second.with_user(self.specialist).write({"expense_amount": -1})
        with self.assertRaisesRegex(ValidationError, "Visit Expenses"), Form(first) as form:
            form.expense_amount = -5
        self.assertEqual(second.expense_amount, 120)
        with self.assertQueryCount(1):
            rows = self.Visit._read_group(
                [("partner_id", "=", self.account.id)],
                ["partner_id", "account_manager_id", "date:month"],
                ["expense_amount:sum"],
            )
        self.assertEqual(
            [(p, m, total) for p, m, _month, total in rows],
            [(self.account, self.specialist, 1000.5), (self.account, self.specialist, 300.0)],
        )

    def test_photos_are_attachments(self):
        """Photos taken on the visit are stored as its attachments."""
        visit = self._visit()
        photo = (
            self.env["ir.attachment"]
            .with_user(self.specialist)
            .create(
                {
                    "name": "site.jpg",
                    "raw": b"\xff\xd8\xff\xe0 fake jpeg",
                    "res_model": "key.account.visit",
                    "res_id": visit.id,
                }
            )
        )
        visit.with_user(self.specialist).photo_ids = [Command.link(photo.id)]
        self.assertEqual(visit.photo_ids, photo)

    # ------------------------------------------------------------------ rules
    def test_visibility_follows_the_account(self):
        """A specialist sees only his accounts' visits; support departments only read."""
        colleague = new_test_user(
            self.env, login="kam_visit_colleague", groups="base.group_user," + GROUPS["specialist"]
        )
        visit = self._visit()
        step = self.env["key.account.visit.next.step"].create(
            {"visit_id": visit.id, "name": "Follow up"}
        )
        Visit = self.Visit
        self.assertFalse(Visit.with_user(colleague).search([("id", "=", visit.id)]))
        self.assertFalse(
            self.env["key.account.visit.next.step"]
            .with_user(colleague)
            .search([("id", "=", step.id)])
        )
        with self.assertRaises(AccessError):
            visit.with_user(colleague).read(["name"])
        with self.assertRaises(AccessError):
            self._visit(user=colleague)
        with self.assertRaises(AccessError):
            visit.with_user(colleague).action_check_in()
        # the manager of the office (member of the account's office) sees it, an outsider not
        self.assertEqual(Visit.with_user(self.manager).search([("id", "=", visit.id)]), visit)
        outsider = new_test_user(
            self.env, login="kam_visit_outsider", groups="base.group_user," + GROUPS["manager"]
        )
        self.assertFalse(Visit.with_user(outsider).search([("id", "=", visit.id)]))
        for role in ("director", "dept", "cs", "finance"):
            self.assertEqual(
                Visit.with_user(self.users[role]).search([("id", "=", visit.id)]), visit
            )
        with self.assertRaises(AccessError):
            visit.with_user(self.users["cs"]).write({"outcome": "x"})
        with self.assertRaises(AccessError):
            visit.with_user(self.users["cs"]).action_check_in()
        self.assertFalse(self.plain_user.has_group(GROUPS["specialist"]))
        with self.assertRaises(AccessError):
            Visit.with_user(self.plain_user).search([])

    def test_multi_company(self):
        """Another company's visits are invisible, even to a director."""
        other_company = self.env["res.company"].create({"name": "Visit Other Co"})
        visit = self._visit()
        visit.sudo().write({"company_id": other_company.id})
        self.assertFalse(self.Visit.with_user(self.director).search([("id", "=", visit.id)]))

    # ------------------------------------------------------------------ smart buttons
    def test_smart_buttons_in_one_query(self):
        """Visit count, last and next visit, days since: one grouped query for a batch."""
        second = self._make_key_account("Second Visited")
        never = self._make_key_account("Never Visited")
        with freeze_time("2030-05-20 10:00:00"):
            done = self._visit(planned_date=datetime(2030, 5, 10, 2, 0), outcome="ok")
            done.with_user(self.specialist).action_done()
            self._visit(planned_date=datetime(2030, 6, 1, 2, 0))
            self._visit(planned_date=datetime(2030, 5, 25, 2, 0))
            cancelled = self._visit(planned_date=datetime(2030, 5, 1, 2, 0))
            cancelled.with_user(self.specialist).action_cancel()
            self._visit(
                partner_id=second.id, planned_date=datetime(2030, 5, 19, 2, 0), outcome="ok"
            )
            self.Visit.search([("partner_id", "=", second.id)]).action_done()
            accounts = (self.account | second | never).with_user(self.specialist)
            accounts.mapped("key_account_visit_count")  # warm-up: the user's groups and rules
            accounts.invalidate_recordset()
            with self.assertQueryCount(1):
                values = [
                    (
                        a.key_account_visit_count,
                        a.key_account_last_visit_date,
                        a.key_account_next_visit_date,
                        a.key_account_days_since_visit,
                    )
                    for a in accounts
                ]
        self.assertEqual(
            values,
            [
                (4, datetime(2030, 5, 10, 2, 0), datetime(2030, 5, 25, 2, 0), 10),
                (1, datetime(2030, 5, 19, 2, 0), False, 1),
                (0, False, False, -1),
            ],
        )
        action = self.account.with_user(self.specialist).action_view_key_account_visits()
        self.assertEqual(self.Visit.search(action["domain"]).partner_id, self.account)
