"""Nothing downloads: with nltk.download broken and NLTK_DATA empty, the whole pipeline still works."""

import json
import subprocess
import sys

SCRIPT = r"""
import json, sys
import nltk
def refuse(*args, **kwargs):
    raise RuntimeError("nltk.download called")
nltk.download = refuse
import pandas as pd
import framing
articles = pd.DataFrame({"id": ["a"], "text": ["Mr. Vučić thanked U.S. partners. Energy security is a worry."]})
table = framing.score(articles)
print(json.dumps({
    "sentences": framing.sentences(articles)["text"].tolist(),
    "security_hits": float(table["security_hits"][0]),
    "sentiment_is_number": bool(table["sentiment"].notna()[0]),
    "engine": framing.engine_info()["vader_lexicon"],
}))
"""


def test_pipeline_runs_without_nltk_data_or_downloads(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {"NLTK_DATA": str(empty), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["sentences"] == ["Mr. Vučić thanked U.S. partners.", "Energy security is a worry."]
    assert output["security_hits"] == 2.0
    assert output["sentiment_is_number"]
    assert output["engine"].startswith("vaderSentiment")
