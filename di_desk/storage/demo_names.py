"""Word lists for demo data: company names per country, people, problems.

Plain data only. Company names are made from a country's stems and forms
(``"{stem} Logistiek B.V."``), so a few hundred distinct names exist per
country; the generator numbers a name when it runs out.
"""

from __future__ import annotations

from types import MappingProxyType

from di_desk.domain.enums import Region

#: A country profile: region, holidays code, zone, phone prefix, e-mail domain tail.
COUNTRIES = MappingProxyType(
    {
        "NL": (Region.EU, "NL", "Europe/Amsterdam", "+31 20 ", "nl"),
        "BE": (Region.EU, "BE", "Europe/Brussels", "+32 2 ", "be"),
        "DE": (Region.EMEA, "DE", "Europe/Berlin", "+49 30 ", "de"),
        "GB": (Region.UK, "GB", "Europe/London", "+44 20 ", "co.uk"),
        "US": (Region.AMER, "US-NY", "America/New_York", "+1 212 ", "com"),
        "AU": (Region.AUS, "AU-ACT", "Australia/Sydney", "+61 2 ", "com.au"),
        "JP": (Region.APJC, "JP", "Asia/Tokyo", "+81 3 ", "co.jp"),
    }
)

#: Countries whose customers sit in each region (the first is the most common).
REGION_COUNTRIES = MappingProxyType(
    {
        Region.EU: ("NL", "BE", "NL", "DE"),
        Region.EMEA: ("DE", "BE", "NL"),
        Region.UK: ("GB",),
        Region.AMER: ("US",),
        Region.APJC: ("JP",),
        Region.AUS: ("AU",),
    }
)

#: The first customers take these regions in turn, so every region shows up early.
REGION_CYCLE = (Region.EU, Region.AMER, Region.APJC, Region.AUS, Region.UK, Region.EMEA)
#: Afterwards regions are drawn with these weights.
REGION_WEIGHTS = MappingProxyType(
    {
        Region.EU: 30,
        Region.EMEA: 15,
        Region.UK: 15,
        Region.AMER: 20,
        Region.APJC: 10,
        Region.AUS: 10,
    }
)

_STEMS = MappingProxyType(
    {
        "NL": (
            "Van der Berg",
            "Zuiderzee",
            "De Vries",
            "Hollandse",
            "Dijkstra",
            "Rijnmond",
            "Veluwe",
            "Brinkman",
            "Kempen",
            "Noordkade",
            "IJsselstreek",
            "Bakker & Zn.",
            "Amstelland",
            "Waddenkust",
            "Groene Hart",
            "Maasdelta",
            "Utrechtse",
            "Friese",
        ),
        "BE": (
            "Brabant",
            "Vlaamse",
            "Schelde",
            "Ardennes",
            "Peeters",
            "Meuse",
            "Leuven",
            "Janssens",
            "Gentse",
            "Kempische",
            "Brugse",
            "Liège",
            "Antwerpse",
            "Namur",
        ),
        "DE": (
            "Müller",
            "Rheinland",
            "Schwarzwald",
            "Hanse",
            "Bergmann",
            "Elbtal",
            "Bayerische",
            "Westfalen",
            "Schneider",
            "Nordsee",
            "Spree",
            "Taunus",
            "Ruhrgebiet",
            "Hoffmann",
        ),
        "GB": (
            "Thames Valley",
            "Pennine",
            "Ashworth",
            "Cotswold",
            "Northumbria",
            "Wessex",
            "Kingsbridge",
            "Mersey",
            "Harrington",
            "Solent",
            "Chiltern",
            "Fenland",
            "Severn",
        ),
        "US": (
            "Hudson River",
            "Empire State",
            "Lakeshore",
            "Brookline",
            "Adirondack",
            "Liberty",
            "Catskill",
            "Patterson",
            "Atlantic",
            "Keystone",
            "Mohawk",
            "Whitman",
            "Harbor Point",
        ),
        "AU": (
            "Canberra",
            "Murrumbidgee",
            "Southern Cross",
            "Molonglo",
            "Eucalypt",
            "Tasman",
            "Brindabella",
            "Coral Coast",
            "Outback",
            "Jervis Bay",
            "Wattle",
            "Red Centre",
        ),
        "JP": (
            "Sakura",
            "Fujimoto",
            "Hikari",
            "Minato",
            "Kawasaki Kōgyō",
            "Aozora",
            "Takeda",
            "Yamanote",
            "Shirakawa",
            "Kitaguni",
            "Nishikawa",
            "Tsubasa",
            "Hoshino",
            "Midori",
        ),
    }
)

_FORMS = MappingProxyType(
    {
        "NL": (
            "{s} Logistiek B.V.",
            "{s} Zorggroep",
            "{s} Bouw B.V.",
            "{s} Woningcorporatie",
            "{s} Verzekeringen N.V.",
            "{s} Energie B.V.",
            "{s} Onderwijsgroep",
        ),
        "BE": (
            "{s} Bouw NV",
            "{s} Zorgnet",
            "{s} Transport BV",
            "{s} Assurances SA",
            "{s} Hogeschool",
            "{s} Distributie NV",
        ),
        "DE": (
            "{s} Maschinenbau GmbH",
            "{s} Versicherung AG",
            "{s} Logistik GmbH",
            "{s} Klinikum",
            "{s} Energie AG",
            "{s} Handel KG",
        ),
        "GB": (
            "{s} Housing Ltd",
            "{s} NHS Trust",
            "{s} Logistics plc",
            "{s} Building Society",
            "{s} Council",
            "{s} Engineering Ltd",
        ),
        "US": (
            "{s} Health Inc.",
            "{s} Financial Corp.",
            "{s} Logistics LLC",
            "{s} University",
            "{s} Manufacturing Co.",
            "{s} Insurance Group",
        ),
        "AU": (
            "{s} Civic Services Pty Ltd",
            "{s} Health Network",
            "{s} Mining Pty Ltd",
            "{s} Freight Pty Ltd",
            "{s} University",
            "{s} Water Corporation",
        ),
        "JP": (
            "{s} Shōji K.K.",
            "{s} Denki K.K.",
            "{s} Seimei Hoken",
            "{s} Unyu K.K.",
            "{s} Ginkō",
            "{s} Kensetsu K.K.",
        ),
    }
)


def company_names(country: str) -> tuple[str, ...]:
    """Every name this list can make for ``country``, in a fixed order."""
    return tuple(form.format(s=stem) for form in _FORMS[country] for stem in _STEMS[country])


#: The partner's own staff, who open cases (CASE-8): name, phone, e-mail.
PARTNER_REPS = (
    ("Sanne de Vries", "+31 20 794 1201", "sanne.devries@partner.example.com"),
    ("Bram Jansen", "+31 20 794 1202", "bram.jansen@partner.example.com"),
    ("Eva Willems", "+31 20 794 1203", "eva.willems@partner.example.com"),
    ("Lars Hendriks", "+31 6 1234 5678", "lars.hendriks@partner.example.com"),
    ("Partner support desk", "+31 20 794 1200", "support@partner.example.com"),
)
PARTNER_NAME = "Lage Landen Collaboration B.V."

#: Problem descriptions per case category token (CASE-12).
PROBLEMS = MappingProxyType(
    {
        "user_question": (
            "Users ask how to set up call forwarding from Jabber",
            "Question about voicemail PIN reset policy",
            "How to enable extension mobility for hot-desk users",
        ),
        "common_problem": (
            "Some phones show 'Registering' after a power outage",
            "Voicemail indicator does not clear on several phones",
            "Hunt group does not distribute calls evenly",
        ),
        "client_configuration": (
            "Webex App cannot reach the IM & Presence service from home",
            "Softphone audio one-way behind customer firewall",
            "New device pool settings not applied to branch phones",
        ),
        "application_error": (
            "CUCM service restarts repeatedly on subscriber node",
            "Unity Connection message store reports database errors",
            "CER does not update switch port locations",
            "Expressway traversal zone flaps every few minutes",
        ),
        "service_outage": (
            "No inbound calls on the main number",
            "All phones at head office unregistered",
            "Outbound PSTN calls fail with fast busy",
            "Intermittent call drops across all sites",
        ),
    }
)

SEVERITY_CHANGE_REASONS = MappingProxyType(
    {
        "raise": (
            "Business impact grew: more sites affected",
            "Outage now affects the contact centre",
            "Executive floor affected, customer escalated",
        ),
        "lower": (
            "Workaround in place, impact reduced",
            "Triage shows only a few users affected",
            "Redundant path restored service",
        ),
    }
)

ACTION_PLAN_TEXTS = (
    "Collect traces from all subscriber nodes and analyse with the BU",
    "Apply engineering special and monitor for 48 hours",
    "Replace faulty trunk configuration in the next maintenance window",
    "Rebuild the affected database replication and verify",
    "Escalated to development; fix expected in the next SU",
)

MAINTENANCE_TITLES = MappingProxyType(
    {
        "routine": (
            "OS patching",
            "Disk clean-up",
            "Log rotation change",
            "Monitoring agent update",
        ),
        "disruptive": ("Cluster reboot", "Database replication repair", "Storage migration"),
        "certificate": ("Tomcat certificate renewal", "CallManager certificate renewal"),
        "upgrade": ("Upgrade to {target}",),
        "cop": ("Security COP install", "Device pack install", "Locale pack install"),
        "infrastructure": ("Data centre network maintenance", "Hypervisor firmware upgrade"),
        "partner_request": (
            "New SIP trunk to customer SBC",
            "Integration with contact centre",
            "Deactivate legacy fax service",
        ),
        "emergency": ("Emergency security patch", "Emergency service restore"),
    }
)

#: MAINT-8: emergency reasons as "<reason>: <detail>" (the reason is a label of
#: :class:`~di_desk.domain.maintenance_events.EmergencyReason`).
EMERGENCY_REASONS = (
    "Restore service: call processing stopped on the publisher",
    "Reduce the impact of an outage: failing subscriber isolated",
    "Prevent a likely outage: disk nearly full on a subscriber",
    "Fix a security vulnerability: critical advisory for the web interface",
)

BLACKOUT_REASONS = (
    "Month-end closing",
    "Annual sales event",
    "Exam period",
    "Product launch",
    "Financial quarter close",
    "Open days",
)

RESCHEDULE_REASONS = (
    "Conflicts with the customer's month-end closing",
    "Customer's IT staff unavailable that night",
    "Clashes with a customer event broadcast",
)

COP_KINDS = (
    ("Phone firmware", "cmterm-78xx.14-3-1-0001-1.k4.cop.sha512"),
    ("Locale pack", "cm-locale-nl_NL-15.0.1.1000-1.cop.sha512"),
    ("Device pack", "cmterm-devicepack15.0.1.12345-1.cop.sha512"),
    ("Security patch", "ciscocm.security-advisory-2025-fix.k4.cop.sha512"),
)

DR_FOLLOW_UPS = (
    "Verify phone registrations on every cluster node",
    "Re-apply partner-managed integrations",
    "Restore partner-side configuration export",
    "Test inbound and outbound PSTN calls",
)

CERTIFICATE_KINDS = MappingProxyType(
    {
        "CUCM": ("tomcat", "CallManager", "ipsec", "CAPF"),
        "Unity Connection": ("tomcat",),
        "IM & Presence": ("tomcat", "cup-xmpp"),
        "CER": ("tomcat",),
        "Expressway": ("server",),
        "SME": ("tomcat", "CallManager"),
    }
)
