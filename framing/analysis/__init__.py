"""The analysis verbs, one module each: compare, contrast, keyness, kwic, sensitivity, actors, over_time.

Each takes a score table or articles (or an :class:`~framing.measures.Analysis`) and returns a tidy
DataFrame; the public names are ``framing.compare``, ``framing.contrast`` and so on.
"""
