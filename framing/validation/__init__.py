"""Validating frames against human coding: draw a sample and write coding sheets (:mod:`.sample`),
read the sheets back (:mod:`.sheets`), measure agreement between coders (:mod:`.agreement`), score the
lexicon against the codes (:mod:`.validate`) and find candidate entries (:mod:`.suggest`).
Unit texts that live outside the repository are read by :mod:`.texts`. See docs/codebook.md.
"""
