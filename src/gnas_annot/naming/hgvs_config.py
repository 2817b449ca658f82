"""biocommons hgvs's configuration, read through a cache.

hgvs looks its settings up on every mapping and formatting call
(``global_config.mapping.strict_bounds`` in every ``AlignmentMapper`` step,
``formatting.p_3_letter`` ...), and each look-up goes through ``configparser``
(interpolation, name transforms, value parsing): about a quarter of the time of
naming a dense variant set.  :func:`cache_hgvs_config` puts a caching view in
front of ``hgvs.global_config`` (and of the modules that imported the name):
values are read from configparser once; setting a value through the view, or
calling a method of the configuration (``read_stream``), passes through and
empties the cache, so hgvs's documented ways of changing its configuration keep
working.  Installed once per process, when the first namer is built.
"""

from __future__ import annotations

from typing import Any

import hgvs
import hgvs.alignmentmapper
import hgvs.config


class _CachedGroup:
    """One section (``mapping``, ``formatting`` ...) with its values memoised."""

    def __init__(self, group: Any) -> None:
        object.__setattr__(self, "_group", group)
        object.__setattr__(self, "_values", {})

    def __getattr__(self, key: str) -> Any:
        values: dict[str, Any] = self._values
        if key not in values:
            values[key] = getattr(self._group, key)
        return values[key]

    __getitem__ = __getattr__

    def __setattr__(self, key: str, value: Any) -> None:
        setattr(self._group, key, value)
        self._values.pop(key, None)

    __setitem__ = __setattr__

    def __dir__(self) -> list[str]:
        return dir(self._group)


class _CachedConfig:
    """``hgvs.global_config`` with its sections' values memoised."""

    def __init__(self, config: Any) -> None:
        object.__setattr__(self, "_config", config)
        object.__setattr__(self, "_groups", {})

    def __getattr__(self, name: str) -> Any:
        groups: dict[str, _CachedGroup] = self._groups
        if name in groups:
            return groups[name]
        value = getattr(self._config, name)
        if isinstance(value, hgvs.config.ConfigGroup):
            group = groups[name] = _CachedGroup(value)
            return group
        if callable(value):  # read_stream and the like may change any value

            def call(*args: Any, **kwargs: Any) -> Any:
                groups.clear()
                return value(*args, **kwargs)

            return call
        return value

    __getitem__ = __getattr__

    def __dir__(self) -> list[str]:
        return dir(self._config)


def cache_hgvs_config() -> None:
    """Put the caching view in front of hgvs's configuration (once per process)."""
    if isinstance(hgvs.global_config, _CachedConfig):
        return
    view = _CachedConfig(hgvs.global_config)
    hgvs.global_config = view
    hgvs.alignmentmapper.global_config = view  # imported by name there
