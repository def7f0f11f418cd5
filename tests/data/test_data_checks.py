"""crm_lessons.data.checks: the doctor's file checks see a missing file and name its fix."""



from crm_lessons.data import check_data_files


def test_doctor_checks_store_and_hospital_files(data_copy):
    names = {name: problem for name, problem, _ in check_data_files()}
    assert names["data/store/orders.csv"] == "" and names["data/hospital/patients.csv"] == ""
    assert names["data/store/store.sqlite"] == ""
    (data_copy / "hospital" / "patients.csv").unlink()
    (data_copy / "store" / "store.sqlite").unlink()
    results = {name: (problem, fix) for name, problem, fix in check_data_files()}
    assert "is missing" in results["data/hospital/patients.csv"][0]
    assert "git checkout -- data/hospital" in results["data/hospital/patients.csv"][1]
    assert "make-data" in results["data/store/store.sqlite"][1]
