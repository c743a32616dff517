"""The tables of the store, as peewee models.

Instants are :class:`~di_desk.storage.fields.UtcDateTimeField` (integer UTC
epoch seconds), calendar dates are ISO text (``DateField``), enums are their
tokens. Editable tables carry ``row_version`` for lost-update detection
(:class:`~di_desk.storage.errors.StaleEdit`). Models are bound to a database by
:func:`di_desk.storage.db.open_database`: a binding made on the main thread
holds for every thread, one made on a worker thread for that thread only
(:class:`ThreadBoundMetadata`).

Changing a model changes the schema: add a migration step in
``storage/migrations.py`` as well (the tests compare a migrated file with a
fresh one).
"""

from __future__ import annotations

import threading
from typing import Any

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    ForeignKeyField,
    IntegerField,
    Metadata,
    Model,
    TextField,
)

from di_desk.domain.enums import Application as AppKind
from di_desk.domain.enums import (
    BackupResult,
    CaseCategory,
    CaseStatus,
    DrKind,
    Impact,
    MaintenanceType,
    Party,
    Region,
    Severity,
    Urgency,
)
from di_desk.storage.fields import DateOrInstantField, EnumField, JsonField, UtcDateTimeField


class ThreadBoundMetadata(Metadata):
    """Which database a table is bound to, per thread.

    The main thread's binding (the window's database, the command line's) is
    every thread's. A worker that opens another database (making a demo,
    migrating a file, checking an import read-only) binds it for itself
    only, so the window's queries and edits never go to that file meanwhile;
    :meth:`unbind_thread` (called when that database is closed) returns the
    worker to the main thread's.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._shared: Any = None
        self._local = threading.local()
        super().__init__(*args, **kwargs)

    @property
    def database(self) -> Any:
        return getattr(self._local, "database", self._shared)

    @database.setter
    def database(self, database: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            self._shared = database
        elif database is self._shared:
            self._local.__dict__.pop("database", None)
        else:
            self._local.database = database

    def set_database(self, database: Any) -> None:
        super().set_database(database)
        # The schema manager keeps its own copy, which would win over ours.
        self.model._schema.database = None

    def unbind_thread(self, database: Any) -> None:
        """Forget this thread's own binding to ``database``, if it has one."""
        if self._local.__dict__.get("database") is database:
            del self._local.database


class BaseModel(Model):
    class Meta:
        legacy_table_names = False
        model_metadata_class = ThreadBoundMetadata


class VersionedModel(BaseModel):
    """A table users edit: ``row_version`` grows by one on every update."""

    row_version = IntegerField(default=1)


# --- customers and their installation -------------------------------------------------


class Customer(VersionedModel):
    name = CharField(unique=True)
    region = EnumField(Region, index=True)
    calendar = CharField(null=True, max_length=12)  # holidays code, e.g. "NL", "AU-ACT"
    zone = CharField(null=True, max_length=64)  # IANA key
    sso = BooleanField(default=False)
    contracted_knowledge_workers = IntegerField(default=0)
    contracted_workspace_devices = IntegerField(default=0)
    planned_knowledge_workers = IntegerField(default=0)
    planned_workspace_devices = IntegerField(default=0)
    notes = TextField(default="")


class Cluster(VersionedModel):
    customer = ForeignKeyField(Customer, backref="clusters", on_delete="CASCADE", index=False)
    name = CharField()
    region = EnumField(Region, null=True)  # None: the customer's region
    is_sme = BooleanField(default=False)
    publisher_region = EnumField(Region, null=True)  # MAINT-2

    class Meta:
        indexes = ((("customer", "name"), True),)


class Application(VersionedModel):
    cluster = ForeignKeyField(Cluster, backref="applications", on_delete="CASCADE", index=False)
    kind = EnumField(AppKind, index=True)
    version = CharField(default="", max_length=40)

    class Meta:
        indexes = ((("cluster", "kind"), True),)


class Certificate(VersionedModel):
    application = ForeignKeyField(
        Application, backref="certificates", null=True, on_delete="CASCADE"
    )
    cluster = ForeignKeyField(Cluster, backref="certificates", null=True, on_delete="CASCADE")
    subject = CharField()
    expires_at = UtcDateTimeField(index=True)
    renewed_at = UtcDateTimeField(null=True)
    # schema v3: the customer, for a certificate imported without a cluster
    # (else the cluster's customer counts)
    customer = ForeignKeyField(
        Customer, backref="certificates", null=True, on_delete="CASCADE", index=False
    )


class CertificateFollowUp(BaseModel):
    """MAINT-10 (schema v3): one SSO follow-up action after one renewal.

    A renewal is the certificate's renewal for the expiry ``expires_at``;
    ``position`` is the action's place in the reference's ``sso_follow_ups``
    and ``action`` its (untranslated) text when it was ticked.
    """

    certificate = ForeignKeyField(
        Certificate, backref="follow_ups", on_delete="CASCADE", index=False
    )
    expires_at = UtcDateTimeField()
    position = IntegerField()
    action = TextField(default="")
    done_at = UtcDateTimeField(null=True)
    done_by = CharField(default="")

    class Meta:
        table_name = "certificate_follow_up"
        indexes = ((("certificate", "expires_at", "position"), True),)


# --- support cases (CASE-*) ------------------------------------------------------------


class SupportCase(VersionedModel):
    customer = ForeignKeyField(Customer, backref="cases", on_delete="CASCADE", index=False)
    opened_at = UtcDateTimeField(null=True, index=True)
    impact = EnumField(Impact, null=True)
    urgency = EnumField(Urgency, null=True)
    severity = EnumField(Severity, null=True, index=True)
    status = EnumField(CaseStatus, default=CaseStatus.DRAFT, index=True)
    category = EnumField(CaseCategory, null=True, index=True)
    acknowledged_at = UtcDateTimeField(null=True)
    response_due = UtcDateTimeField(null=True, index=True)
    contract = CharField(default="", max_length=64)
    rep_name = CharField(default="")
    rep_phone = CharField(default="", max_length=40)
    rep_email = CharField(default="")
    problem = TextField(default="")
    partner = CharField(default="")
    calendar = CharField(null=True, max_length=12)
    provider_ref = CharField(default="", max_length=64)  # the provider's case number
    resolved_at = UtcDateTimeField(null=True)
    closed_at = UtcDateTimeField(null=True)
    monitoring_until = UtcDateTimeField(null=True)

    class Meta:
        table_name = "support_case"
        indexes = ((("customer", "opened_at"), False),)


class SeverityChange(BaseModel):
    case = ForeignKeyField(SupportCase, backref="severity_changes", on_delete="CASCADE")
    at = UtcDateTimeField()
    from_severity = EnumField(Severity, null=True)
    to_severity = EnumField(Severity)
    by = EnumField(Party)
    reason = TextField(default="")


class ActionPlan(BaseModel):
    case = ForeignKeyField(SupportCase, backref="action_plans", on_delete="CASCADE")
    given_at = UtcDateTimeField()
    due = UtcDateTimeField(null=True)
    text = TextField(default="")


class ProviderNotice(BaseModel):
    case = ForeignKeyField(SupportCase, backref="notices", null=True, on_delete="SET NULL")
    customer = ForeignKeyField(Customer, backref="notices", null=True, on_delete="CASCADE")
    sent_at = UtcDateTimeField(index=True)
    subject = CharField(default="")
    body = TextField(default="")


# --- maintenance and change management (MAINT-*) ---------------------------------------


class MaintenanceEvent(VersionedModel):
    customer = ForeignKeyField(Customer, backref="maintenance", on_delete="CASCADE", index=False)
    cluster = ForeignKeyField(Cluster, backref="maintenance", null=True, on_delete="SET NULL")
    region = EnumField(Region, index=True)
    type = EnumField(MaintenanceType, index=True)
    start = UtcDateTimeField(index=True)
    end = UtcDateTimeField()
    notice_sent = DateOrInstantField(null=True)
    calendar = CharField(null=True, max_length=12)
    reason = TextField(default="")
    emergency_reason = TextField(default="")
    urgent = BooleanField(default=False)
    review_state = CharField(null=True, max_length=20)  # MAINT-9 token
    replied_at = UtcDateTimeField(null=True)
    status = CharField(default="planned", max_length=20, index=True)

    class Meta:
        indexes = ((("customer", "start"), False),)


class Reschedule(BaseModel):
    event = ForeignKeyField(MaintenanceEvent, backref="reschedules", on_delete="CASCADE")
    requested_at = UtcDateTimeField()
    reason = TextField(default="")
    new_start = UtcDateTimeField(null=True)
    by = CharField(default="")


class CopRequest(VersionedModel):
    """MAINT-13: a COP file request and its steps."""

    customer = ForeignKeyField(Customer, backref="cop_requests", on_delete="CASCADE")
    cluster = ForeignKeyField(Cluster, backref="cop_requests", null=True, on_delete="SET NULL")
    initiator = EnumField(Party, default=Party.PARTNER)
    emergency = BooleanField(default=False)
    description = TextField(default="")
    requested_at = UtcDateTimeField(index=True)
    status = CharField(default="open", max_length=20)


class CopStep(BaseModel):
    request = ForeignKeyField(CopRequest, backref="steps", on_delete="CASCADE")
    position = IntegerField(default=0)
    name = CharField()
    done_at = UtcDateTimeField(null=True)
    note = TextField(default="")


class Blackout(VersionedModel):
    """MAINT-11: dates (inclusive) the customer cannot accept disruption."""

    customer = ForeignKeyField(Customer, backref="blackouts", on_delete="CASCADE", index=False)
    first_day = DateField()
    last_day = DateField()
    note = TextField(default="")

    class Meta:
        indexes = ((("customer", "first_day"), False),)


# --- releases (REL-*) ------------------------------------------------------------------


class UpgradePlan(VersionedModel):
    customer = ForeignKeyField(Customer, backref="upgrades", on_delete="CASCADE")
    cluster = ForeignKeyField(Cluster, backref="upgrades", null=True, on_delete="SET NULL")
    application = ForeignKeyField(Application, backref="upgrades", null=True, on_delete="SET NULL")
    target = CharField(max_length=40)
    scheduled_start = UtcDateTimeField(null=True, index=True)
    trigger = CharField(max_length=20)  # REL-4 token
    notice_sent = DateOrInstantField(null=True)
    reschedule_count = IntegerField(default=0)
    completed_at = UtcDateTimeField(null=True)
    #: schema v4: where the upgrade ends; None = start + reference ``upgrade_default_duration``
    scheduled_end = UtcDateTimeField(null=True)


# --- backups and disaster recovery (BAK-*) ---------------------------------------------


class Backup(BaseModel):
    customer = ForeignKeyField(Customer, backref="backups", on_delete="CASCADE", index=False)
    application = EnumField(AppKind)
    taken_at = UtcDateTimeField(index=True)
    result = EnumField(BackupResult, index=True)
    size_bytes = BigIntegerField(null=True)
    source = CharField(null=True)  # schema v2: the import file or "manual"

    class Meta:
        indexes = (
            (("customer", "taken_at"), False),
            (("customer", "application", "taken_at"), False),
            (("customer", "result", "taken_at"), False),  # schema v2
        )


class DrEvent(VersionedModel):
    customer = ForeignKeyField(Customer, backref="dr_events", on_delete="CASCADE")
    kind = EnumField(DrKind)
    started_at = UtcDateTimeField(index=True)
    publisher_rebuilt_at = UtcDateTimeField(null=True)
    notes = TextField(default="")


class DrFollowUp(BaseModel):
    event = ForeignKeyField(DrEvent, backref="follow_ups", on_delete="CASCADE")
    position = IntegerField(default=0)
    text = TextField()
    done_at = UtcDateTimeField(null=True)


class ChecklistItem(VersionedModel):
    """BAK-6: the partner's backup duties for one customer."""

    customer = ForeignKeyField(Customer, backref="checklist", on_delete="CASCADE")
    position = IntegerField(default=0)
    text = TextField()
    done = BooleanField(default=False)
    done_at = UtcDateTimeField(null=True)


# --- reference data and audit ----------------------------------------------------------


class ReferenceEntry(BaseModel):
    """One field of :class:`~di_desk.domain.reference.ReferenceData`, as JSON."""

    key = CharField(unique=True, max_length=64)
    value = JsonField()
    is_default = BooleanField(default=True)  # seeded and never edited
    updated_at = UtcDateTimeField(null=True)
    updated_by = CharField(null=True)


class AuditLog(BaseModel):
    at = UtcDateTimeField(index=True)
    who = CharField()
    entity = CharField(max_length=40)
    entity_id = IntegerField(null=True)
    field = CharField(null=True, max_length=64)
    old = TextField(null=True)
    new = TextField(null=True)

    class Meta:
        indexes = ((("entity", "entity_id"), False),)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Customer,
    Cluster,
    Application,
    Certificate,
    CertificateFollowUp,
    SupportCase,
    SeverityChange,
    ActionPlan,
    ProviderNotice,
    MaintenanceEvent,
    Reschedule,
    CopRequest,
    CopStep,
    Blackout,
    UpgradePlan,
    Backup,
    DrEvent,
    DrFollowUp,
    ChecklistItem,
    ReferenceEntry,
    AuditLog,
)
