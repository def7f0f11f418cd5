"""crm_lessons.make_data: `make-data` reproduces the shipped files byte for byte and never
overwrites data files without --force."""



from crm_lessons.paths import data_dir
from crm_lessons.schema import STORE_TABLES


def test_make_data_reproduces_the_shipped_files_byte_for_byte(tmp_path):
    from crm_lessons.cli import main

    assert main(["make-data", str(tmp_path)]) == 0
    shipped_dir = data_dir() / "store"
    names = [f"{t}.csv" for t in STORE_TABLES] + ["store.sqlite", "README.md"]
    for name in names:
        new, old = (tmp_path / name).read_bytes(), (shipped_dir / name).read_bytes()
        if name == "store.sqlite" and len(new) == len(old) and new != old:
            # SQLite writes its own library version into the file header (bytes 92-99); a
            # machine with another SQLite version writes the same pages under another stamp
            new, old = new[:92] + new[100:], old[:92] + old[100:]
        assert new == old, name


def test_make_data_refuses_to_overwrite_without_force(tmp_path, capsys):
    from crm_lessons.cli import main

    (tmp_path / "orders.csv").write_text("keep me")
    assert main(["make-data", str(tmp_path), "--customers", "300", "--seed", "3"]) == 1
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "orders.csv").read_text() == "keep me"
    assert main(["make-data", str(tmp_path), "--customers", "300", "--seed", "3", "--force"]) == 0
    assert (tmp_path / "orders.csv").read_text().startswith("order_id,")
