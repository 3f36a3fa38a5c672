"""What a statement is about: its targets, act and topics (stance lands here from its model)."""

from onrecord.about.acts import ACTS, ActFound, find_act
from onrecord.about.statement import About, about_attributions, describe
from onrecord.about.targets import DocView, Found, doc_view, find_targets
from onrecord.about.topics import TopicMatch, Topics, load_topics

__all__ = [
    "ACTS",
    "About",
    "ActFound",
    "DocView",
    "Found",
    "TopicMatch",
    "Topics",
    "about_attributions",
    "describe",
    "doc_view",
    "find_act",
    "find_targets",
    "load_topics",
]
