"""Generate the training corpus from the templates, deterministically.

    python -m fanzha.detection.corpus.generate [--part all|train|held_out] [--out FILE]

Each row is `text,label,style,template`. Generation is seeded per label and part, so the same code
always writes the same file.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from fanzha.detection.corpus.fraud_money import MONEY_SCAMS
from fanzha.detection.corpus.fraud_people import PEOPLE_SCAMS
from fanzha.detection.corpus.grammar import Grammar, Part, SlotValue
from fanzha.detection.corpus.normal import NORMAL, NORMAL_SLOTS
from fanzha.detection.corpus.slots import SHARED_SLOTS

CORPUS_CSV = Path(__file__).with_name("fanzha-corpus.csv")
SEED = 20231002
STYLES = ("sms", "chat", "call", "report")
ROWS_PER_FRAUD_TYPE = 700
NORMAL_ROWS = 7000
# A chat or call sometimes goes on with more turns of the same script: these are the long texts.
CONTINUE_PROBABILITY = 0.25


@dataclass(frozen=True)
class Template:
    id: str  # label/style + index within the label, e.g. "loan/chat4"
    label: str
    style: str
    text: str
    held_out: bool  # in the held-out part of the generalisation benchmark


@dataclass(frozen=True)
class Row:
    text: str
    label: str
    style: str
    template: str


def templates() -> dict[str, tuple[dict[str, SlotValue], list[Template]]]:
    """label → (its slots, its templates). Every fourth template of a label is held out."""
    out: dict[str, tuple[dict[str, SlotValue], list[Template]]] = {}
    for label, (slots, by_style) in {**MONEY_SCAMS, **PEOPLE_SCAMS}.items():
        flat = [(style, text) for style in STYLES for text in by_style[style]]
        out[label] = ({**SHARED_SLOTS, **slots}, _templates(label, flat))
    out["normal"] = ({**SHARED_SLOTS, **NORMAL_SLOTS}, _templates("normal", NORMAL))
    return out


def _templates(label: str, flat: list[tuple[str, str]]) -> list[Template]:
    return [
        Template(f"{label}/{style}{i}", label, style, text, held_out=i % 4 == 3) for i, (style, text) in enumerate(flat)
    ]


def generate(
    part: Part = Part.ALL,
    scale: float = 1.0,
    seed: int = SEED,
    labels: Collection[str] | None = None,
) -> list[Row]:
    """Rows for `labels` (all by default); `scale` multiplies the number of rows per label."""
    rows: list[Row] = []
    for label, (slots, label_templates) in templates().items():
        if labels is not None and label not in labels:
            continue
        usable = [t for t in label_templates if part is Part.ALL or t.held_out == (part is Part.HELD_OUT)]
        wanted = round((NORMAL_ROWS if label == "normal" else ROWS_PER_FRAUD_TYPE) * scale)
        rng = random.Random(f"{seed}:{label}:{part.value}")
        rows.extend(_rows(label, usable, Grammar(slots, rng, part), wanted))
    return rows


def _rows(label: str, usable: list[Template], grammar: Grammar, wanted: int) -> Iterator[Row]:
    seen: set[str] = set()
    # Short templates cannot always give `wanted` different texts; stop trying after a while.
    for _ in range(wanted * 5):
        if len(seen) >= wanted:
            break
        template = grammar.rng.choice(usable)
        text = grammar.expand(template.text)
        if template.style in ("chat", "call"):
            same_style = [t for t in usable if t.style == template.style]
            while grammar.rng.random() < CONTINUE_PROBABILITY:
                text += "\n" + grammar.expand(grammar.rng.choice(same_style).text)
        if text in seen:
            continue
        seen.add(text)
        yield Row(text, label, template.style, template.id)


def to_csv(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["text", "label", "style", "template"])
    writer.writerows((r.text, r.label, r.style, r.template) for r in rows)
    return buffer.getvalue()


def write_corpus(path: Path = CORPUS_CSV, part: Part = Part.ALL) -> bool:
    """Write the corpus CSV if it is missing or differs; True when the file was (re)written."""
    content = to_csv(generate(part))
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.write_text(content, encoding="utf-8")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=[p.value for p in Part], default=Part.ALL.value)
    parser.add_argument("--out", type=Path, default=CORPUS_CSV)
    args = parser.parse_args()
    changed = write_corpus(args.out, Part(args.part))
    print(f"{args.out}: {'written' if changed else 'unchanged'}")


if __name__ == "__main__":
    main()
