"""Tips name their sources as a reader would ("Chu et al. 2021"), never as codes."""
from __future__ import annotations

import pytest

from journal.care.rules import rulebook
from journal.ui.widgets.tips_panel import TipCard, short_reference


@pytest.mark.parametrize("citation, shown", [
    ("Chu S, Foulad DP, Mesinkovska NA. Safety profile for microneedling. "
     "Dermatologic Surgery 2021;47(9):1249-54", "Chu et al. 2021"),
    ("Fulton JE. Comedogenicity and irritancy. J Soc Cosmet Chem 1989;40:321-33", "Fulton 1989"),
    ("NHS (UK National Health Service), Cellulitis (nhs.uk/conditions/cellulitis)",
     "NHS: Cellulitis"),
    ("Martin and Huang 2021, JAAD Case Reports (PMC8008152)", "Martin and Huang 2021"),
])
def test_short_reference(citation, shown):
    assert short_reference(citation) == shown


def test_every_tip_card_shows_references_not_codes(qtbot):
    book = rulebook()
    from journal.care.tips import Tip

    for rule in book.rules[:8]:
        card = TipCard(Tip(id=rule.id, severity=rule.severity, title=rule.title, body=rule.body,
                           reasons=[], sources=list(rule.sources)))
        qtbot.addWidget(card)
        text = card.sources_label.text()
        for code in rule.sources:
            assert code not in text.split("<a")[0], (rule.id, code, text)
        assert "details" in text
