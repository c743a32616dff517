"""Who is responsible for what: partner, provider or both (RESP-1).

The topics and parties are reference data (``reference.responsibilities``:
untranslated topic → :class:`~di_desk.domain.enums.Party`), shown translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from di_desk.domain.enums import Party
from di_desk.domain.reference import ReferenceData
from di_desk.i18n import _


@dataclass(frozen=True)
class ResponsibilityRow:
    """RESP-1: one topic and who is responsible for it."""

    key: str  # the reference topic (stable, untranslated)
    topic: str  # translated
    party: Party

    @property
    def party_label(self) -> str:
        return self.party.label


def responsibilities(reference: ReferenceData) -> list[ResponsibilityRow]:
    """RESP-1: the rows in reference order, translated at call time."""
    return [
        ResponsibilityRow(key, _(key), Party.parse(str(party)))
        for key, party in reference.responsibilities.items()
    ]


def responsible_for(topic: str, reference: ReferenceData) -> Party:
    """RESP-1: who handles ``topic`` (reference key or its translation, any case).

    Raises:
        KeyError: for a topic that is not in the reference data.
    """
    wanted = topic.strip().casefold()
    for row in responsibilities(reference):
        if wanted in (row.key.casefold(), row.topic.casefold()):
            return row.party
    raise KeyError(topic)


def topics_of(party: Party, reference: ReferenceData, *, shared: bool = True) -> list[str]:
    """RESP-1: the translated topics ``party`` handles (shared ones too unless ``shared``)."""
    return [
        row.topic
        for row in responsibilities(reference)
        if row.party is party or (shared and row.party is Party.BOTH and party is not Party.BOTH)
    ]
