import inspect

from odoo.exceptions import AccessError, MissingError, UserError
from odoo.tests import tagged

from .test_rpc_guards import KeyAccountDocumentsCase

ADDON = "odoo.addons.key_account_mgmt"
# Methods that need no arguments' check (none today): name each with the reason.
NO_CHECK = {}
# Wrong-typed values an RPC client can send for any parameter.
BAD_VALUES = ({"probe": 1}, [1, 2], 1e300, "probe")
# A well-typed value per annotation, for the other parameters of a call.
GOOD_VALUES = {str: "probe", int: 1, float: 1.0, bool: True, dict: {}, list: []}
CLEAN = (UserError, AccessError, MissingError)  # ValidationError is a UserError


def public_methods(env):
    """(model name, method name, function) of every public method the addon's python
    modules define on a model: walked from the registry, so a new method is covered."""
    for model_name in sorted(env.registry.models):
        cls = env.registry[model_name]
        if cls._abstract:
            continue  # a mixin's methods are walked on the models that inherit it
        # Methods Odoo introduced (the ORM's create/write/read..., action_confirm,
        # message_subscribe, ...) keep Odoo's argument contract, which Odoo's own callers
        # rely on; the addon's overrides of them are not the addon's public methods.
        odoo_methods = {
            name
            for klass in cls._model_classes__
            if not klass.__module__.startswith(ADDON)
            for name in vars(klass)
        }
        seen = set(odoo_methods)
        for klass in cls._model_classes__:
            if not klass.__module__.startswith(ADDON):
                continue
            for name, func in vars(klass).items():
                if (
                    name.startswith("_")
                    or name in seen
                    or not inspect.isfunction(func)
                    or getattr(func, "_api_private", False)
                ):
                    continue
                seen.add(name)
                if (model_name, name) not in NO_CHECK:
                    yield model_name, name, func


class _Rollback(Exception):
    pass


@tagged("post_install", "-at_install")
class TestPublicMethods(KeyAccountDocumentsCase):
    """Each public method of the addon, called over RPC with wrong arguments, gives a clean
    error (UserError, ValidationError, AccessError, MissingError) or succeeds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = cls.director  # the widest non-admin role: the deepest code paths run

    def _record(self, model_name, func):
        """The record a client would call the method on (an empty recordset for a model
        method or when the user has none)."""
        Model = self.env[model_name].with_user(self.user)
        if getattr(func, "_api", None) == "model":
            return Model
        if not Model.has_access("read"):
            return Model
        return Model.search([], limit=1, order="id desc")

    def _probe(self, records, name, args, kwargs):
        """Call ``records.name(*args, **kwargs)`` in a savepoint rolled back afterwards;
        return the raw error, if any."""
        outcome = None
        try:
            with self.env.cr.savepoint():
                try:
                    getattr(records, name)(*args, **kwargs)
                    self.env.flush_all()
                except CLEAN as exc:
                    outcome = exc  # a clean refusal
                except Exception as exc:  # noqa: BLE001 - any other error is the finding
                    outcome = f"{type(exc).__name__}: {str(exc)[:160]}"
                raise _Rollback()
        except _Rollback:
            self.env.invalidate_all()
        return outcome if isinstance(outcome, str) else None

    def _calls(self, func):
        """(description, args, kwargs) of the wrong calls to try on ``func``."""
        params = [
            p
            for p in list(inspect.signature(func).parameters.values())[1:]
            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        required = {
            p.name: GOOD_VALUES.get(p.annotation, "probe") for p in params if p.default is p.empty
        }
        yield "unknown keyword", (), {**required, "probe_unknown_argument": 1}
        for param in params:
            for bad in BAD_VALUES:
                yield f"{param.name}={bad!r}", (), {**required, param.name: bad}

    def test_wrong_arguments_give_clean_errors(self):
        """A non-admin user's call with an unknown keyword or a wrong-typed value for each
        parameter of each public method raises no raw Python error."""
        failures = []
        count = 0
        for model_name, name, func in public_methods(self.env):
            records = self._record(model_name, func)
            count += 1
            for description, args, kwargs in self._calls(func):
                error = self._probe(records, name, args, kwargs)
                if error:
                    failures.append(f"{model_name}.{name}({description}): {error}")
        self.assertGreater(count, 40, "the walk finds the addon's public methods")
        self.assertFalse(failures, "raw errors:\n" + "\n".join(failures))
