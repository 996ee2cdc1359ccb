"""Rebuild the shipped model from the project's own corpus: `python -m fanzha.detection.build_model`.

Regenerates corpus/fanzha-corpus.csv when the templates changed, then trains the model file. Both
steps are seeded, so running it twice gives the same files byte for byte (`make model` runs this).
"""

from __future__ import annotations

import json

from fanzha.detection.classifier import MODEL_PATH
from fanzha.detection.cli import train
from fanzha.detection.corpus.generate import CORPUS_CSV, write_corpus


def main() -> None:
    corpus_changed = write_corpus(CORPUS_CSV)
    summary = train(CORPUS_CSV, MODEL_PATH)
    print(json.dumps({"corpus_rewritten": corpus_changed, **summary}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
