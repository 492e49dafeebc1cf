"""Entity resolution: one node per real actor, within and across documents, with the reasons kept.

The stage between extraction and the graph model (see :mod:`graphkit.resolution.resolver`):
:class:`ActorResolver` resolves each document's result as it comes out of extraction, then the
whole corpus; :class:`ActorOverrides` are the analyst's decisions; :func:`name_key` folds names.
"""

from graphkit.resolution.names import NameRules, name_key, name_tokens, provisional_iri
from graphkit.resolution.overrides import ActorOverrides
from graphkit.resolution.resolver import ActorResolver, Merge
from graphkit.resolution.rewrite import rewrite

__all__ = [
    "ActorOverrides",
    "ActorResolver",
    "Merge",
    "NameRules",
    "name_key",
    "name_tokens",
    "provisional_iri",
    "rewrite",
]
