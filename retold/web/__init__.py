"""retold's local web UI and HTTP API (``retold serve``): see ``retold.web.app``.

``views`` reads the store into plain dicts (shared with ``retold.export``), ``summaries``
and ``graph`` compute the story page's parts, ``highlight`` cuts texts into escaped
segments, ``demo`` builds the sample-based story used by tests and screenshots.
"""
