"""COP file requests and how they are scheduled (MAINT-13).

* Customer-initiated COP (phone firmware, locale packs, device packs): a
  service request in Control Hub → the provider uploads the file to the SFTP
  server (and only that) → the partner downloads it → the partner installs it.
  :class:`CopRequest` tracks these steps in order.
* Provider-initiated emergency COP (a vulnerability or an imminent outage):
  uploaded in the provider's scheduled maintenance window; an urgent change,
  no reschedule (MAINT-3, MAINT-7).
* Any other provider-initiated COP: regular change management (a COP event
  with the usual window and notice rules).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType

from di_desk.domain.enums import LabelledEnum, MaintenanceType
from di_desk.domain.timeutil import to_utc
from di_desk.i18n import N_, _


class CopKind(LabelledEnum):
    """What a customer-initiated COP file contains."""

    PHONE_FIRMWARE = "phone_firmware", N_("Phone firmware")
    LOCALE_PACK = "locale_pack", N_("Locale pack")
    DEVICE_PACK = "device_pack", N_("Device pack")
    OTHER = "other", N_("Other")


class CopStep(LabelledEnum):
    """MAINT-13: the steps of a customer-initiated COP request, in order."""

    SERVICE_REQUEST = "service_request", N_("Create a service request in Control Hub")
    PROVIDER_UPLOAD = "provider_upload", N_("Provider uploads the COP file to the SFTP server")
    PARTNER_DOWNLOAD = "partner_download", N_("Partner downloads the COP file")
    PARTNER_INSTALL = "partner_install", N_("Partner installs the COP file")


#: MAINT-13: the order of the steps.
COP_STEPS: tuple[CopStep, ...] = tuple(CopStep)
#: Who carries out each step.
STEP_ACTORS: MappingProxyType[CopStep, str] = MappingProxyType(
    {
        CopStep.SERVICE_REQUEST: N_("Customer or partner"),
        CopStep.PROVIDER_UPLOAD: N_("Provider"),
        CopStep.PARTNER_DOWNLOAD: N_("Partner"),
        CopStep.PARTNER_INSTALL: N_("Partner"),
    }
)


def step_actor(step: CopStep) -> str:
    """The translated name of who carries out ``step``."""
    return _(STEP_ACTORS[step])


@dataclass(frozen=True)
class StepStatus:
    """One row of the step tracker."""

    step: CopStep
    actor: str  # translated
    done: bool
    done_at: datetime | None
    is_next: bool


@dataclass(frozen=True)
class CopRequest:
    """MAINT-13: a customer-initiated COP request and the steps done so far."""

    customer: str
    cop_file: str
    kind: CopKind = CopKind.OTHER
    completed: tuple[tuple[CopStep, datetime], ...] = ()  # in step order, UTC

    def is_done(self, step: CopStep) -> bool:
        return any(done == step for done, _at in self.completed)

    @property
    def next_step(self) -> CopStep | None:
        """The first step not done yet; None when the COP is installed."""
        return COP_STEPS[len(self.completed)] if len(self.completed) < len(COP_STEPS) else None

    @property
    def is_complete(self) -> bool:
        return self.next_step is None

    def complete(self, step: CopStep, at: datetime) -> CopRequest:
        """A copy with ``step`` done at ``at``; steps must be done in order.

        Raises:
            ValueError: naming the step that is due instead.
        """
        due = self.next_step
        if due is None:
            raise ValueError(_("All steps of this COP request are done."))
        if step != due:
            raise ValueError(
                _("{step} cannot be done yet; the next step is: {due}.").format(
                    step=step.label, due=due.label
                )
            )
        return replace(self, completed=(*self.completed, (step, to_utc(at))))

    def steps(self) -> tuple[StepStatus, ...]:
        """Every step with its actor and done flag, for the tracker view."""
        done_at = dict(self.completed)
        due = self.next_step
        return tuple(
            StepStatus(step, step_actor(step), step in done_at, done_at.get(step), step == due)
            for step in COP_STEPS
        )


class CopPath(LabelledEnum):
    """MAINT-13: which process a COP install follows."""

    CUSTOMER_REQUEST = (
        "customer_request",
        N_(
            "Customer-initiated: service request in Control Hub; the provider uploads the file "
            "to the SFTP server; the partner downloads and installs it."
        ),
    )
    PROVIDER_EMERGENCY = (
        "provider_emergency",
        N_(
            "Provider-initiated emergency COP: uploaded in the provider's scheduled "
            "maintenance window; it cannot be rescheduled."
        ),
    )
    PROVIDER_REGULAR = (
        "provider_regular",
        N_(
            "Provider-initiated COP: scheduled as regular maintenance through the "
            "change-management process."
        ),
    )


def cop_path(provider_initiated: bool, emergency: bool = False) -> CopPath:
    """MAINT-13: the process for a COP install.

    ``emergency`` (a vulnerability or an imminent outage) only matters for a
    provider-initiated COP.
    """
    if not provider_initiated:
        return CopPath.CUSTOMER_REQUEST
    return CopPath.PROVIDER_EMERGENCY if emergency else CopPath.PROVIDER_REGULAR


@dataclass(frozen=True)
class CopEventTemplate:
    """How a provider-initiated COP install goes into the maintenance schedule."""

    type: MaintenanceType
    urgent: bool  # True: no reschedule (MAINT-7)


def cop_event_template(path: CopPath) -> CopEventTemplate | None:
    """MAINT-13: the maintenance event a COP path creates.

    A provider emergency COP is an urgent COP event that must sit in a
    window (MAINT-3 applies; it is not an exempt emergency change); a regular
    provider COP is an ordinary COP event. A customer-initiated COP creates no
    maintenance event: the partner installs it when it suits.
    """
    if path is CopPath.CUSTOMER_REQUEST:
        return None
    return CopEventTemplate(MaintenanceType.COP, urgent=path is CopPath.PROVIDER_EMERGENCY)
