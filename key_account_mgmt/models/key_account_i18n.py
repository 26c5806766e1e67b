"""Names and notes the addon generates, in the language of whoever reads them.

Owns the helpers that render a generated text in a given language and store it as the
translations of a translatable field (every active language), and the step names of
approval chains: ``key.account.approval.name`` is translatable, each step is named in
every active language from its sequence, step count and kind ("Step 1/3 Sign",
"步骤 1/3：签署"), whoever's language created the chain.
"""

import json

from odoo import api, fields, models
from odoo.tools import SQL


def active_langs(env):
    """Codes of the active languages, en_US first (the source of translated fields)."""
    codes = [code for code, _name in env["res.lang"].get_installed()]
    return ["en_US"] + [code for code in codes if code != "en_US"]


def company_lang(env, company):
    """The language of a company (its partner's), else the current one, else en_US."""
    codes = {code for code, _name in env["res.lang"].get_installed()}
    for lang in (company.partner_id.lang, env.lang):
        if lang in codes:
            return lang
    return "en_US"


def store_translations(records, fname, render):
    """Store ``render(record.with_context(lang=code))`` as the value of the translatable
    field ``fname`` of each record in every active language (en_US included).

    Internal: the caller has created the records itself (or checked the acting user's
    access to them); the values are the addon's own texts, never a client's.
    """
    if not records:
        return
    langs = active_langs(records.env)
    for record in records:
        # sudo: the addon names its own records; the caller checked the access
        record.sudo().update_field_translations(
            fname, {code: render(record.with_context(lang=code)) for code in langs}
        )


class KeyAccountApproval(models.Model):
    _inherit = "key.account.approval"  # pylint: disable=consider-merging-classes-inherited

    name = fields.Char(translate=True)

    @api.model_create_multi
    def create(self, vals_list):
        steps = super().create(vals_list)
        steps.filtered(lambda s: s.sequence and s.step_count and s.kind)._name_steps()
        return steps

    def _name_steps(self):
        """Name the steps in every active language from their sequence, count and kind.

        One UPDATE for all the steps (issue 10: ``update_field_translations`` per step
        cost a SELECT and an UPDATE each, 6 queries on a 3-step request). Internal: the
        texts are the addon's own labels, the steps were just created or are named on
        update by the addon itself.
        """
        if not self:
            return
        langs = active_langs(self.env)
        envs = {code: self.env(context=dict(self.env.context, lang=code)) for code in langs}
        names = [{code: step.with_env(envs[code])._step_label() for code in langs} for step in self]
        self.flush_recordset(["name"])
        self.env.cr.execute(
            SQL(
                "UPDATE key_account_approval AS a SET name = v.name::jsonb"
                " FROM (VALUES %s) AS v(id, name) WHERE a.id = v.id",
                SQL(", ").join(
                    SQL("(%s, %s)", step.id, json.dumps(name))
                    for step, name in zip(self, names, strict=True)
                ),
            )
        )
        # the cache holds the stored value (every language), as a read would
        self.invalidate_recordset(["name"])
        self.env.cache.update_raw(self, self._fields["name"], names)

    def _step_label(self):
        """The step's name in the language of this environment, e.g. "Step 1/3 Sign"."""
        self.ensure_one()
        env = self.env
        kinds = dict(self._fields["kind"]._description_selection(env))
        return env._(
            "Step %(index)s/%(count)s %(kind)s",
            index=self.sequence,
            count=self.step_count,
            kind=kinds.get(self.kind, self.kind),
        )

    @api.model
    def _key_account_name_existing_steps(self):
        """On update: name in every language the steps named before in English only."""
        steps = (
            self.sudo()
            .with_context(lang="en_US", active_test=False)
            .search([("sequence", ">", 0), ("step_count", ">", 0), ("kind", "!=", False)])
        )
        steps.filtered(lambda s: s.name == s._step_label())._name_steps()
        return True
