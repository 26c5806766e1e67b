"""Tier-change reasons the addon writes itself, in the company's language.

A key account's tier history keeps why its tier changed. A user's reason stays as typed;
the reasons the addon generates ("Qualification application KA/0001 approved", "Set
outside a key-account qualification.") are written in the language of the account's
company, not in whichever language the approver happens to use.
"""

from odoo import api, models

from .key_account_i18n import company_lang


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _key_account_qualify(self, application):
        company = self.company_id or application.company_id
        lang = company_lang(self.env, company)
        # the values written are ids, dates and amounts: the language only names the reason
        return super(ResPartner, self.with_context(lang=lang))._key_account_qualify(
            application.with_context(lang=lang)
        )


class KeyAccountTierHistory(models.Model):
    _inherit = "key.account.tier.history"

    @api.model_create_multi
    def create(self, vals_list):
        default = self.env._("Set outside a key-account qualification.")
        for vals in vals_list:
            if vals.get("reason") == default:
                company = self.env["res.company"].browse(vals.get("company_id")).exists()
                lang = company_lang(self.env, company or self.env.company)
                vals["reason"] = self.with_context(lang=lang).env._(
                    "Set outside a key-account qualification."
                )
        return super().create(vals_list)
