"""Quarterly scorecard snapshots: the engine's figures of a quarter turned into scorecards.

Owns the points arithmetic of a line (``line_points``: ``tools/kpi.scorecard_points``
with the template line's parameters), the upsert of a quarter's scorecards of one
company (``_snapshot_group``: ONE engine call for all its managers and offices, one
search for the existing scorecards and their lines, a write only where a figure
changed), the scheduled job (``_cron_quarterly_snapshot``) and the "Compute now" dialog.

Safe with several workers: a quarter of a company is taken under a transaction-level
advisory lock (the job skips it when another worker holds it), its open scorecards
``FOR UPDATE SKIP LOCKED`` in a savepoint (rows another transaction holds are left to
it), and a UNIQUE constraint refuses a second scorecard.  Idempotent: a second run over
the same data creates and writes nothing.
"""

import logging
import zlib
from datetime import timedelta
from decimal import Decimal

import psycopg2

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import SQL

from ..tools import checked_args, kpi
from ..tools.guards import ACTION_SENTINEL
from .key_account_sales_plan import is_period_start, period_end
from .key_account_scorecard import quarter_label
from .key_account_scorecard_template import PLAIN_METRICS
from .key_account_state_machine import TRANSITION_KEY

_logger = logging.getLogger(__name__)
FIGURE_FIELDS = ("actual", "target", "value", "has_target", "kpi_points")
NO_FIGURES = {"actual": 0, "target": None, "value": None}


def quarter_start(day):
    return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)


def line_points(value, weight, threshold, step, penalty, floor, lower_is_better, no_target):
    """Points of a KPI line for ``value`` (in the line's unit, a Decimal, None without a
    target).  Lower-is-better lines are scored on the negated value and threshold, so
    that ``scorecard_points`` counts the steps started above the threshold."""
    if value is None:
        return Decimal(str(weight)) if no_target == "full" else Decimal(0)

    def dec(number):
        return Decimal(str(number))

    sign = -1 if lower_is_better else 1
    return kpi.scorecard_points(
        sign * value, dec(weight), sign * dec(threshold), dec(step), dec(penalty), dec(floor)
    )


class KeyAccountScorecard(models.Model):
    _inherit = "key.account.scorecard"

    # ------------------------------------------------------------------ figures
    @api.model
    def _line_vals(self, tline, figures):
        """A scorecard line's values from its template line and the engine's figures."""
        vals = dict(tline._params(), template_line_id=tline.id)
        if tline.kind != "kpi":
            return vals
        figure = figures.get(tline.metric) or NO_FIGURES
        value = figure["value"]
        if value is not None and tline.metric not in PLAIN_METRICS:
            value = Decimal(value) * 100
        points = line_points(
            value,
            tline.weight,
            tline.threshold,
            tline.step,
            tline.penalty,
            tline.floor,
            tline.lower_is_better,
            tline.no_target_points,
        )
        vals.update(
            actual=float(figure["actual"] or 0),
            target=float(figure["target"] or 0),
            value=float(value) if value is not None else 0.0,
            has_target=value is not None,
            kpi_points=float(points),
        )
        return vals

    @staticmethod
    def _changed(record, vals):
        changed = {}
        for fname, new in vals.items():
            old = record[fname]
            if isinstance(old, models.BaseModel):
                old = old.id
            if old != new:
                changed[fname] = new
        return changed

    # ------------------------------------------------------------------ the snapshot
    @api.model
    def _lock_group_key(self, company, date_from):
        return zlib.crc32(f"key.account.scorecard/{company.id}/{date_from}".encode()) & 0x7FFFFFFF

    @api.model
    def _take_open(self, cards, wait):
        """The open scorecards of ``cards`` this transaction may refresh: locked FOR UPDATE
        (SKIP LOCKED for the job, waiting for a user's button), in a savepoint."""
        if not cards:
            return cards
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM key_account_scorecard WHERE id IN %s AND state = 'draft' "
                        "ORDER BY id FOR UPDATE %s",
                        tuple(cards.ids),
                        SQL("") if wait else SQL("SKIP LOCKED"),
                    )
                )
                ids = [row[0] for row in self.env.cr.fetchall()]
        except psycopg2.errors.SerializationFailure:
            _logger.info("Scorecards: another worker is refreshing them; left to it.")
            ids = []
        cards = self.browse(ids)
        cards.invalidate_recordset(["state"])
        return cards.filtered(lambda c: c.state == "draft")

    @api.model
    def _snapshot_group(self, company, date_from, date_to, lock=False, only=None, wait=True):
        """Create and refresh the scorecards of ``company``'s quarter (all of them, or the
        open ones among ``only``), and lock them when ``lock``.  Runs as superuser after
        the caller's access check.  Returns ``(created, written, locked)`` or None when
        another worker holds the quarter."""
        cr = self.env.cr
        key = self._lock_group_key(company, date_from)
        if wait:
            cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", key))
        else:
            cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", key))
            if not cr.fetchone()[0]:
                return None
        Card = self.sudo().with_context(
            tracking_disable=True, mail_create_nolog=True, **{TRANSITION_KEY: ACTION_SENTINEL}
        )
        template = self.env["key.account.scorecard.template"]._for_company(company)
        existing = Card.search(
            [
                ("company_id", "=", company.id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
            ]
        )
        by_key = {(c.level, c.res_id): c for c in existing}
        result = self.env["key.account.kpi.engine"]._compute(date_from, date_to, companies=company)
        keys = [k for k in result if k[0] in ("user", "team") and k[1]]
        keys = [k for k in keys if k != ("user", SUPERUSER_ID)]
        users = self.env["res.users"].sudo().with_context(active_test=False)
        teams = {
            u.id: u.sale_team_id.id for u in users.browse([k[1] for k in keys if k[0] == "user"])
        }
        now = fields.Datetime.now()
        to_create = []
        if only is None:
            for level, res_id in sorted(keys):
                if (level, res_id) in by_key:
                    continue
                to_create.append(
                    {
                        "company_id": company.id,
                        "level": level,
                        "res_id": res_id,
                        "user_id": res_id if level == "user" else False,
                        "team_id": teams.get(res_id) if level == "user" else res_id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "quarter": quarter_label(date_from),
                        "template_id": template.id,
                        "computed_date": now,
                        "line_ids": [
                            (0, 0, self._line_vals(t, result.get((level, res_id), {})))
                            for t in template.line_ids
                        ],
                    }
                )
        candidates = existing if only is None else existing & only
        open_cards = Card._take_open(candidates.filtered(lambda c: c.state == "draft"), wait)
        written = 0
        touched = Card.browse()
        for card in open_cards:
            count = card._refresh_lines(result.get((card.level, card.res_id), {}))
            written += count
            if count:
                touched |= card
        # "computed on" moves when a figure changed or on the first refresh of a day (the
        # job skips a quarter refreshed today); a second refresh the same day writes nothing
        today = fields.Date.context_today(self)
        touched |= open_cards.filtered(
            lambda c: (
                not c.computed_date
                or fields.Datetime.context_timestamp(self, c.computed_date).date() < today
            )
        )
        if touched:
            touched.write({"computed_date": now})
        created = Card.create(to_create) if to_create else Card.browse()
        locked = Card.browse()
        if lock:
            locked = (open_cards | created).filtered(lambda c: c.state == "draft")
            if locked:
                locked._transition("lock")
        return len(created), written, len(locked)

    def _refresh_lines(self, figures):
        """Update this open scorecard's lines from ``figures``: the same lines, changed
        values only; lines added or removed as its template's lines are.  Returns the
        number of lines written, created or removed."""
        self.ensure_one()
        template = self.template_id or self.env["key.account.scorecard.template"]._for_company(
            self.company_id
        )
        lines = {line.template_line_id.id: line for line in self.line_ids}
        count = 0
        new = []
        for tline in template.line_ids:
            vals = self._line_vals(tline, figures)
            line = lines.pop(tline.id, None)
            if line is None:
                new.append(dict(vals, scorecard_id=self.id))
                continue
            vals.pop("template_line_id")
            changed = self._changed(line, vals)
            if changed:
                line.write(changed)
                count += 1
        if new:
            self.line_ids.create(new)
            count += len(new)
        stale = self.line_ids.browse([line.id for line in lines.values()])
        if stale:
            stale.unlink()
            count += len(stale)
        return count

    # ------------------------------------------------------------------ the job
    @api.model
    def _pending_groups(self, today):
        """(company, quarter start) of the quarters to snapshot: the last closed quarter
        of each company without scorecards, and the closed quarters with open
        scorecards not yet refreshed today or due to be locked."""
        last = quarter_start(quarter_start(today) - timedelta(days=1))
        Card = self.sudo()
        pending = []
        params = self.env["ir.config_parameter"].sudo()
        counts = dict(Card._read_group([("date_from", "=", last)], ["company_id"], ["__count"]))
        for company in self.env["res.company"].sudo().search([]):
            done, _sep, count = (params.get_param(self._done_param(company)) or "").partition(":")
            if done != str(last) or counts.get(company, 0) < int(count or 0):
                pending.append((company, last))
        rows = Card._read_group(
            [("state", "=", "draft"), ("date_to", "<", today)],
            ["company_id", "date_from:day", "template_id"],
            ["computed_date:min"],
        )
        for company, date_from, template, computed in rows:
            date_from = fields.Date.to_date(date_from)
            lock_days = template.lock_days if template else 15
            due = period_end("quarter", date_from) + timedelta(days=lock_days) < today
            stale = not computed or fields.Datetime.context_timestamp(self, computed).date() < today
            if (due or stale) and (company, date_from) not in pending:
                pending.append((company, date_from))
        return pending

    @api.model
    def _done_param(self, company):
        """The system parameter holding the last quarter the job has snapshot for
        ``company`` and how many scorecards it then had, ``2026-07-01:220`` (a company
        without managers gets no scorecard, yet is done; one whose scorecards were
        removed since is not)."""
        return f"key_account_mgmt.scorecard_quarter_done.{company.id}"

    @api.model
    def _cron_quarterly_snapshot(self):
        """After a quarter has closed, create and refresh each account manager's and
        office's scorecard of it, and lock them ``lock_days`` after the quarter (the
        company's template).  One quarter of one company per run (one engine call);
        ``_notify_progress`` brings the scheduler back for the others."""
        today = fields.Date.context_today(self)
        pending = self._pending_groups(today)
        done = 0
        for index, (company, date_from) in enumerate(pending):
            date_to = period_end("quarter", date_from)
            template = self.env["key.account.scorecard.template"]._for_company(company)
            lock = date_to + timedelta(days=template.lock_days) < today
            try:
                with self.env.cr.savepoint():
                    outcome = self._snapshot_group(
                        company, date_from, date_to, lock=lock, wait=False
                    )
            except (psycopg2.errors.UniqueViolation, psycopg2.errors.SerializationFailure):
                _logger.info("Scorecards %s %s: another worker took them.", company.name, date_from)
                outcome = None
            if outcome is None:
                continue
            if date_from == quarter_start(quarter_start(today) - timedelta(days=1)):
                params = self.env["ir.config_parameter"].sudo()
                count = self.sudo().search_count(
                    [("company_id", "=", company.id), ("date_from", "=", date_from)]
                )
                if params.get_param(self._done_param(company)) != f"{date_from}:{count}":
                    params.set_param(self._done_param(company), f"{date_from}:{count}")
            _logger.info(
                "Scorecards %s %s: %s created, %s lines written, %s locked.",
                company.name,
                quarter_label(date_from),
                *outcome,
            )
            done = 1
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(pending) - index - 1)
            return outcome
        self.env["ir.cron"]._notify_progress(done=0, remaining=0)
        return None


class KeyAccountScorecardCompute(models.TransientModel):
    _name = "key.account.scorecard.compute"
    _description = "Compute Key Account Scorecards"

    date_from = fields.Date(
        "Quarter Start",
        required=True,
        default=lambda self: quarter_start(fields.Date.context_today(self)),
    )

    @api.constrains("date_from")
    def _check_quarter(self):
        for wizard in self:
            if not is_period_start("quarter", wizard.date_from):
                raise ValidationError(
                    self.env._(
                        "Quarter Start: %(date)s is not the first day of a quarter.",
                        date=wizard.date_from,
                    )
                )

    @checked_args
    def action_compute(self):
        """Compute now: create and refresh the quarter's scorecards of the allowed
        companies (locked ones stay as they are); KAM director only."""
        self.ensure_one()
        if not self.env.user.has_group("key_account_mgmt.group_kam_director"):
            raise AccessError(
                self.env._("Compute scorecards: only the KAM director computes scorecards.")
            )
        date_to = period_end("quarter", self.date_from)
        Card = self.env["key.account.scorecard"].sudo()
        for company in self.env.companies:
            Card._snapshot_group(company, self.date_from, date_to)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.key_account_scorecard_action"
        )
        action["domain"] = [("date_from", "=", self.date_from)]
        return action
