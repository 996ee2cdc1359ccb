"""Generate the training corpus from the templates, deterministically.

    python -m fanzha.detection.corpus.generate [--part all|train|held_out] [--out FILE]

Each row is `text,label,style,template,commercial`. Generation is seeded per label and part, so the same code
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

from fanzha.detection.corpus.commercial import COMMERCIAL, COMMERCIAL_SLOTS
from fanzha.detection.corpus.fraud_money import MONEY_SCAMS
from fanzha.detection.corpus.fraud_more import ACCOUNT_SLOTS, MORE_SCRIPTS
from fanzha.detection.corpus.fraud_people import PEOPLE_SCAMS
from fanzha.detection.corpus.grammar import Grammar, Part, SlotValue
from fanzha.detection.corpus.normal import NORMAL, NORMAL_SLOTS
from fanzha.detection.corpus.normal_more import NORMAL_MORE, NORMAL_MORE_SLOTS
from fanzha.detection.corpus.slots import SHARED_SLOTS
from fanzha.detection.corpus.variation import vary

CORPUS_CSV = Path(__file__).with_name("fanzha-corpus.csv")
SEED = 20231002
STYLES = ("sms", "chat", "call", "report")
ROWS_PER_FRAUD_TYPE = 1300
NORMAL_ROWS = 9000
COMMERCIAL_ROWS = 5000  # adverts: normal, and a class of their own for the model ("advert")
# Template group of the adverts; their rows are labelled normal and marked commercial.
ADVERT = "advert"
# A chat or call sometimes goes on with more turns of the same script: these are the long texts.
CONTINUE_PROBABILITY = 0.25


@dataclass(frozen=True)
class Template:
    id: str  # group/style + index within the group, e.g. "loan/chat4"
    label: str
    style: str
    text: str
    held_out: bool  # in the held-out part of the generalisation benchmark
    commercial: bool = False


@dataclass(frozen=True)
class Row:
    text: str
    label: str
    style: str
    template: str
    commercial: bool = False


def templates() -> dict[str, tuple[dict[str, SlotValue], list[Template]]]:
    """group → (its slots, its templates): a group per fraud type, `normal`, and `advert` (normal
    rows marked commercial). Every fourth template of a group is held out."""
    out: dict[str, tuple[dict[str, SlotValue], list[Template]]] = {}
    for label, (slots, by_style) in {**MONEY_SCAMS, **PEOPLE_SCAMS}.items():
        more = MORE_SCRIPTS[label]
        flat = [(style, text) for style in STYLES for text in (*by_style[style], *more.get(style, ()))]
        out[label] = ({**SHARED_SLOTS, **ACCOUNT_SLOTS, **slots}, _templates(label, label, flat))
    # The account openings (我妈昨天接到一个电话…) are shared with the scams: they are not a cue.
    normal_slots = {**SHARED_SLOTS, **ACCOUNT_SLOTS, **NORMAL_SLOTS, **NORMAL_MORE_SLOTS, **COMMERCIAL_SLOTS}
    out["normal"] = (normal_slots, _templates("normal", "normal", [*NORMAL, *NORMAL_MORE]))
    advert_slots = {**SHARED_SLOTS, **NORMAL_SLOTS, **COMMERCIAL_SLOTS}
    out[ADVERT] = (advert_slots, _templates(ADVERT, "normal", COMMERCIAL, commercial=True))
    return out


def _templates(group: str, label: str, flat: list[tuple[str, str]], commercial: bool = False) -> list[Template]:
    return [
        Template(f"{group}/{style}{i}", label, style, text, held_out=i % 4 == 3, commercial=commercial)
        for i, (style, text) in enumerate(flat)
    ]


def generate(
    part: Part = Part.ALL,
    scale: float = 1.0,
    seed: int = SEED,
    labels: Collection[str] | None = None,
) -> list[Row]:
    """Rows for `labels` (all by default); `scale` multiplies the number of rows per label."""
    rows: list[Row] = []
    sizes = {"normal": NORMAL_ROWS, ADVERT: COMMERCIAL_ROWS}
    for group, (slots, group_templates) in templates().items():
        if labels is not None and group_templates[0].label not in labels:
            continue
        usable = [t for t in group_templates if part is Part.ALL or t.held_out == (part is Part.HELD_OUT)]
        wanted = round(sizes.get(group, ROWS_PER_FRAUD_TYPE) * scale)
        rng = random.Random(f"{seed}:{group}:{part.value}")
        rows.extend(_rows(usable, Grammar(slots, rng, part), wanted))
    return rows


def _rows(usable: list[Template], grammar: Grammar, wanted: int) -> Iterator[Row]:
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
        text = vary(text, template.style, template.label != "normal", grammar.rng)
        if text in seen:
            continue
        seen.add(text)
        yield Row(text, template.label, template.style, template.id, template.commercial)


def to_csv(rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["text", "label", "style", "template", "commercial"])
    writer.writerows((r.text, r.label, r.style, r.template, "yes" if r.commercial else "no") for r in rows)
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
