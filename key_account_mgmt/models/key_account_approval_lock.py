"""The decision's row lock of the approval engine (``key.account.approval``).

A decision locks its step's row before anything is written, so that two users deciding
the same step at once cannot both succeed. The lock is tried in one round trip by a SQL
function whose exception block is a subtransaction on the server: a step held by a
decision not committed yet, or decided by one committed after this transaction began,
is refused with a clean message and the caller's transaction stays usable.
"""

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL


class KeyAccountApproval(models.Model):
    _inherit = "key.account.approval"  # pylint: disable=consider-merging-classes-inherited

    def init(self):
        res = super().init()
        # The decision's row lock, tried in one round trip: the function's exception
        # block is a subtransaction on the server (what a savepoint around the SELECT
        # would be, without its two extra queries), so that a refused lock leaves the
        # caller's transaction usable (issue 10).
        self.env.cr.execute(
            """
            CREATE OR REPLACE FUNCTION key_account_approval_try_lock(
                step_id integer,
                OUT locked boolean,
                OUT step_state varchar,
                OUT step_current boolean,
                OUT step_decided_by_id integer
            ) LANGUAGE plpgsql AS $$
            BEGIN
                SELECT a.state, a.current, a.decided_by_id
                  INTO step_state, step_current, step_decided_by_id
                  FROM key_account_approval a
                 WHERE a.id = step_id
                   FOR UPDATE NOWAIT;
                locked := true;
            EXCEPTION WHEN lock_not_available OR serialization_failure THEN
                locked := false;
            END
            $$
            """
        )
        return res

    def _lock_pending(self):
        """Lock the step row and check it is still to decide (concurrent clicks)."""
        self.ensure_one()
        self.flush_recordset(["state", "current", "decided_by_id"])
        # A step held by a decision not committed yet (lock not available) or decided
        # by one committed after this transaction began (serialization failure) is
        # refused, the transaction staying usable (see init); a retried request then
        # reads the step decided and is told so: never two decisions.
        self.env.cr.execute(
            SQL(
                "SELECT locked, step_state, step_current, step_decided_by_id "
                "FROM key_account_approval_try_lock(%s)",
                self.id,
            )
        )
        locked, *row = self.env.cr.fetchone()
        if not locked:
            raise UserError(
                self.env._(
                    "%(step)s of %(doc)s is being decided by someone else right now.",
                    step=self.name,
                    doc=self.document_name,
                )
            )
        state, current, decided_by_id = row
        if state == "pending" and current:
            return
        if decided_by_id:
            raise UserError(
                self.env._(
                    "%(step)s of %(doc)s was already decided by %(user)s.",
                    step=self.name,
                    doc=self.document_name,
                    user=self.env["res.users"].browse(decided_by_id).name,
                )
            )
        raise UserError(
            self.env._(
                "%(step)s of %(doc)s is not waiting for a decision.",
                step=self.name,
                doc=self.document_name,
            )
        )
