"""``framing batch``: the report notebook run over many article sets, in parallel, with a cache.

``run`` drives a batch; ``inputs`` finds sets and notebooks and checks parameters; ``cache`` decides
what is up to date; ``folders`` guards the reports folder; ``pool`` and ``worker`` run notebooks in
separate processes; ``records`` keeps what each run did; ``index`` and ``summaries`` write what a
reader opens.
"""
