"""Cross-article linking: people, organisations and statements over the whole corpus.

``onrecord.link.link_corpus`` is the entry point; these modules hold its parts:
``names`` reads speaker strings, ``people`` groups them into entities and applies the
analysts' corrections, ``statements`` groups quotes into statements with their reports.
"""
