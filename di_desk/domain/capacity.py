"""Capacity: contracted versus planned Knowledge Workers and Workspace devices (CAP-1).

At activation the partner states the end state of Knowledge Workers and
Workspace devices. Growth beyond it needs a TAC case and an expansion plan,
and features and users may be configured only after the capacity is added.
"""

from __future__ import annotations

from dataclasses import dataclass

from di_desk.domain.enums import LabelledEnum
from di_desk.domain.reference import DEFAULT_REFERENCE
from di_desk.i18n import N_, _, messages_in


class CapacityKind(LabelledEnum):
    """CAP-1: what capacity is counted in."""

    KNOWLEDGE_WORKERS = "knowledge_workers", N_("Knowledge Workers")
    WORKSPACE_DEVICES = "workspace_devices", N_("Workspace devices")


@dataclass(frozen=True)
class Capacity:
    """CAP-1: one customer's contracted (stated at activation) and planned counts."""

    customer: str
    contracted_knowledge_workers: int
    contracted_workspace_devices: int
    planned_knowledge_workers: int
    planned_workspace_devices: int

    def __post_init__(self) -> None:
        for kind in CapacityKind:
            if self.contracted(kind) < 0 or self.planned(kind) < 0:
                raise ValueError(_("Capacity counts cannot be negative."))

    def contracted(self, kind: CapacityKind) -> int:
        if kind is CapacityKind.KNOWLEDGE_WORKERS:
            return self.contracted_knowledge_workers
        return self.contracted_workspace_devices

    def planned(self, kind: CapacityKind) -> int:
        if kind is CapacityKind.KNOWLEDGE_WORKERS:
            return self.planned_knowledge_workers
        return self.planned_workspace_devices


@dataclass(frozen=True)
class CapacityLine:
    """CAP-1: contracted vs planned for one kind; ``shortfall`` > 0 means over capacity."""

    kind: CapacityKind
    contracted: int
    planned: int

    @property
    def shortfall(self) -> int:
        """How many the plan exceeds the contracted capacity by (0 when within it)."""
        return max(0, self.planned - self.contracted)

    @property
    def over(self) -> bool:
        return self.planned > self.contracted


def capacity_lines(capacity: Capacity) -> list[CapacityLine]:
    """CAP-1: one line per kind (Knowledge Workers, then Workspace devices)."""
    return [CapacityLine(k, capacity.contracted(k), capacity.planned(k)) for k in CapacityKind]


def over_capacity(capacity: Capacity) -> list[CapacityKind]:
    """CAP-1: the kinds whose planned count exceeds the contracted one."""
    return [line.kind for line in capacity_lines(capacity) if line.over]


def expansion_brief(
    capacity: Capacity,
    contract: str = "",
    requested_by: str = "",
    *,
    language: str = DEFAULT_REFERENCE.provider_language,
) -> str:
    """CAP-1: a draft text for the TAC case that requests a capacity expansion.

    Lists contracted, planned and additional counts per kind; ValueError when
    the plan is within the contracted capacity (nothing to request). The draft
    goes to the provider, so it is written in ``language`` (the reference's
    ``provider_language``), whatever the UI's.
    """
    lines = capacity_lines(capacity)
    if not any(line.over for line in lines):
        raise ValueError(
            _("The planned counts of {customer} are within the contracted capacity.").format(
                customer=capacity.customer
            )
        )
    with messages_in(language):
        return _expansion_text(capacity, lines, contract, requested_by)


def _expansion_text(
    capacity: Capacity, lines: list[CapacityLine], contract: str, requested_by: str
) -> str:
    out = [
        _("Request: capacity expansion for Dedicated Instance customer {customer}").format(
            customer=capacity.customer
        )
    ]
    if contract:
        out.append(_("Subscription or contract number: {contract}").format(contract=contract))
    if requested_by:
        out.append(_("Requested by: {name}").format(name=requested_by))
    out.append("")
    for line in lines:
        out.append(
            _("{kind}: contracted {contracted}, planned {planned}, additional {extra}").format(
                kind=line.kind.label,
                contracted=line.contracted,
                planned=line.planned,
                extra=line.shortfall,
            )
        )
    out.append("")
    out.append(
        _(
            "We ask you to analyse the changes needed for the UC applications and to agree "
            "an expansion plan with us. We will configure the additional features and users "
            "only after the extra capacity has been added."
        )
    )
    return "\n".join(out)
