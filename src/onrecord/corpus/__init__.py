"""Cross-article linking: people, organisations and statements over the whole corpus.

``onrecord.link.link_corpus`` is the entry point; these modules hold its parts:
``names`` reads speaker strings, ``people`` groups speakers and named people into
entities, ``entities`` builds their records, ``corrections`` applies the analysts'
fixes, ``statements`` groups quotes into statements with their reports, and ``quoting``
finds statements quoted by someone else.
"""
