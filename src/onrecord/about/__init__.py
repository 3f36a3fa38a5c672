"""What a statement is about: its topics (and, as they land, targets, stance and act)."""

from onrecord.about.topics import Topics, load_topics

__all__ = ["Topics", "load_topics"]
