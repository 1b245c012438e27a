"""deckapp: a terminal trainer for the maths of deep learning."""

__version__ = "0.1.0"


def lazy_exports(package: str, names: dict[str, str]):
    """A package's `__getattr__` (PEP 562) that imports the module of each public name on first use, so that a
    light module of the package can be imported without its heavy neighbours."""

    def __getattr__(name: str):
        if name in names:
            import importlib

            return getattr(importlib.import_module(names[name]), name)
        raise AttributeError(f"module '{package}' has no attribute '{name}'")

    return __getattr__
