"""``framing batch``: the report notebook run over many article sets, in parallel, with a cache.

``run`` drives a batch; ``inputs`` finds sets and checks parameters; ``cache`` decides what is
up to date; ``pool`` and ``worker`` run notebooks in separate processes; ``index`` and
``summaries`` write what a reader opens.
"""
