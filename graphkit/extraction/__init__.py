"""Extraction: a spaCy pipeline with graphkit's components, and its conversion to the graph model.

The pipeline is spaCy's English model, with ``graphkit_paragraphs`` before its parser, followed by
three components that a user can reorder, replace or configure like any spaCy component::

    graphkit_actors -> graphkit_coref -> graphkit_relations

:class:`Extractor` runs it over documents (streaming, with ``nlp.pipe``) and turns each spaCy
``Doc`` into an :class:`~graphkit.model.ExtractionResult`. One module per job:

- :mod:`~graphkit.extraction.pipeline`: the model and the components (``build_pipeline``, ``add_components``);
- :mod:`~graphkit.extraction.actors` (with :mod:`~graphkit.extraction.names` and
  :mod:`~graphkit.extraction.titles`), :mod:`~graphkit.extraction.coref` (with
  :mod:`~graphkit.extraction.speakers`), :mod:`~graphkit.extraction.paragraphs`,
  :mod:`~graphkit.extraction.relations`: the components, one factory each, with what they share:
  :mod:`~graphkit.extraction.mentions` (the mention and its token index) and
  :mod:`~graphkit.extraction.collaborators` (registered loaders such as ``graphkit.gazetteer.v1``);
- :mod:`~graphkit.extraction.convert`: ``Doc`` to the graph model; :mod:`~graphkit.extraction.confidence`;
- :mod:`~graphkit.extraction.extractor` (:class:`Extractor`) and :mod:`~graphkit.extraction.pool`
  (worker processes, the bounded in-order loop the Dask backend uses too).

A built pipeline is self-contained: ``nlp.to_disk(path)`` saves each component's data (gazetteer,
word lists, rules, lexicon), and ``spacy.load(path)`` gives it back in any process, graphkit's
factories being found through its ``spacy_factories`` entry points.
"""

from __future__ import annotations

from graphkit.extraction import actors as _actors  # noqa: F401  (registers the factories)
from graphkit.extraction import coref as _coref  # noqa: F401
from graphkit.extraction import paragraphs as _paragraphs  # noqa: F401
from graphkit.extraction import relations as _relations  # noqa: F401
from graphkit.extraction.collaborators import gazetteer_loader
from graphkit.extraction.confidence import confidence_of, confidence_table
from graphkit.extraction.convert import MAX_PIECE_CHARS, doc_to_result, document_info, split_text, to_mention
from graphkit.extraction.extractor import Extractor
from graphkit.extraction.mentions import ActorMention, index_by_token
from graphkit.extraction.pipeline import COMPONENTS, DEFAULT_MODEL, add_components, build_pipeline
from graphkit.extraction.pool import START_METHOD, document_batches, in_order

__all__ = [
    "COMPONENTS",
    "DEFAULT_MODEL",
    "MAX_PIECE_CHARS",
    "START_METHOD",
    "ActorMention",
    "Extractor",
    "add_components",
    "build_pipeline",
    "confidence_of",
    "confidence_table",
    "doc_to_result",
    "document_batches",
    "document_info",
    "gazetteer_loader",
    "in_order",
    "index_by_token",
    "split_text",
    "to_mention",
]
