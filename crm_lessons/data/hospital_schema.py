"""The hospital case's names, columns and planted effects (the capstone, lesson 06): a
six-month "Guest Relations" program at one hospital and a comparison hospital."""

from __future__ import annotations

HOSPITAL_SEED = 1993
PROGRAM_HOSPITAL = "Prairie Community Hospital"
COMPARISON_HOSPITAL = "Millbrook County Hospital"
CONTACT_AREAS = ["security", "nursing", "doctors", "facilities", "food"]
DEPARTMENTS = ["emergency", "maternity", "surgery", "outpatient"]
PERIODS = ["before", "after"]
HOSPITAL_FIX = ("`git checkout -- data/hospital` restores it, or run python -c \"from "
                "crm_lessons.make_data import make_hospital; make_hospital('data/hospital')\"")
HOSPITAL_TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "patients": {
        "patient_id": ("int", "unique patient number"),
        "hospital": ("category", f"{PROGRAM_HOSPITAL} (ran the program) or {COMPARISON_HOSPITAL}"),
        "program_hospital": ("bool", "True for the hospital that ran the Guest Relations program"),
        "period": ("category", "'before' (the six months before the program) or 'after' (its six months)"),
        "first_visit_date": ("date", "date of the patient's first visit (first-time patients only)"),
        "department": ("category", "emergency, maternity, surgery or outpatient"),
        "age_band": ("category", "age band of the patient"),
        **{area: ("int", f"satisfaction with {area if area != 'doctors' else 'the doctors'}, "
                         f"1 (very poor) to 5 (excellent)") for area in CONTACT_AREAS},
        "overall": ("int", "overall satisfaction with the stay, 1 to 5"),
        "came_back": ("bool", "came back (patient or family) for their next care need within 12 months"),
    },
}
# the program's planted effect on each contact area's score (1-5 scale), and the common drift
PROGRAM_EFFECT = {"security": 0.45, "nursing": 0.7, "doctors": 0.4, "facilities": 0.35, "food": 0.6}
COMMON_TREND = 0.15
