"""Built-in rules, one module each, listed in :data:`mxlint.check.registry.BUILTIN_MODULES`.

The registry imports them by name, as it imports plugins: ``mxlint.check`` sits below the
rules in the layers contract (``pyproject.toml``) and never imports this package directly.
"""
