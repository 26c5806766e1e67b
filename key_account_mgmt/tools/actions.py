"""The one way the addon builds its "open these records" window actions.

Every smart button, list shortcut and wizard dialog of the addon returns the dict made
here, so that the views, the search defaults and the read-only flags are decided in one
place rather than in a hand-written dict per button.
"""


def window_action(
    env,
    *,
    xmlid=None,
    res_model=None,
    name=None,
    domain=None,
    context=None,
    res_id=None,
    views=None,
    target=None,
):
    """An ``ir.actions.act_window`` dict.

    Start from the action ``xmlid`` (its views, help and search view kept) or from a bare
    ``res_model`` (list and form). ``domain`` and ``context`` replace the action's own;
    ``res_id`` opens that one record in a form; ``views`` is a list of ``(view, mode)``
    pairs whose first mode is the one shown; ``target`` "new" opens a dialog.
    """
    if xmlid:
        action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    else:
        action = {"type": "ir.actions.act_window", "res_model": res_model, "view_mode": "list,form"}
    if name is not None:
        action["name"] = name
    if domain is not None:
        action["domain"] = domain
    if context is not None:
        action["context"] = context
    if views is not None:
        action["views"] = views
        action["view_mode"] = ",".join(mode for _view, mode in views)
    if res_id:
        action["res_id"] = res_id
        action["view_mode"] = "form"
        action.pop("views", None)
    if target:
        action["target"] = target
    return action


def wizard_action(env, res_model, name, context=None):
    """A wizard's form in a dialog (``context`` gives its defaults)."""
    return window_action(
        env,
        res_model=res_model,
        name=name,
        context=context or {},
        views=[(False, "form")],
        target="new",
    )
