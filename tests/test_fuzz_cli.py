"""The fuzz suite for the `crm-lessons` subcommands: each is run with generated odd arguments
(bounded: FUZZ_EXAMPLES, default 25, per subcommand) and must answer with a message and an exit
code, never a traceback nor the last-resort "problem in the course's package"."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_lessons.cli import main

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# never "~", ".." or "/": a valid --force run there would write outside the test's folder
ODD = ["", " ", "\t", ".", "-", "--", "-1", "0", "1e3", "5.0", "abc", "a#b", "q?x", "50%",
       "with space", "x" * 300, "notebooks", "{file}", "{folder}", "{fifo}", "{file}/sub", "é",
       "%s%n", "'", '"', "sub/dir #1", "{link}"]
CUSTOMERS = ["60", "0", "-1", "abc", "", "1e3", "99999999999999999999", "1000000000000", "5.5"]
SEED = ["3", "-5", "abc", "", "1e9", "4294967296", "0"]


def _commands():
    value = st.sampled_from(ODD)
    flag = st.booleans()
    make_data = st.builds(
        lambda seed, customers, force, outdir: ["make-data", *(["--seed", seed] if seed else []),
                                                "--customers", customers,
                                                *(["--force"] if force else []), outdir],
        st.sampled_from([None, *SEED]), st.sampled_from(CUSTOMERS), flag, value)
    answer_key = st.builds(
        lambda seed, force, outdir: ["answer-key", *(["--seed", seed] if seed else []),
                                     *(["--force"] if force else []), outdir],
        st.sampled_from([None, *SEED]), flag, value)
    progress = st.builds(
        lambda export, force, env: (["progress", *(["--export", export] if export is not None
                                                   else []), *(["--force"] if force else [])],
                                    env),
        st.one_of(st.none(), value), flag, st.sampled_from([None, "{folder}", "{fifo}", "p #?%"]))
    doctor = st.builds(lambda extra: ["doctor", extra], value)
    class_report = st.builds(
        lambda source, out, progress, force: ["class-report", source, "--out", out,
                                              *(["--progress", progress] if progress else []),
                                              *(["--force"] if force else [])],
        value, value, st.one_of(st.none(), value), flag)
    return {"make-data": make_data, "answer-key": answer_key, "progress": progress,
            "doctor": doctor, "class-report": class_report}


COMMANDS = _commands()


def _run(argv: list[str], progress: str | None) -> tuple[int, str]:
    base = Path(tempfile.mkdtemp(prefix="crm-fuzz-cli-"))
    (base / "a_file.txt").write_text("x")
    (base / "a_folder").mkdir()
    os.mkfifo(base / "a_fifo")
    (base / "a_link").symlink_to(base / "nowhere")
    subs = {"{file}": "a_file.txt", "{folder}": "a_folder", "{fifo}": "a_fifo",
            "{link}": "a_link"}
    argv = [subs.get(a, a).replace("{file}", "a_file.txt") for a in argv]
    env = {"CRM_LESSONS_PROGRESS": str(base / subs.get(progress, progress or "p.json"))}
    old_cwd, old_env = os.getcwd(), {k: os.environ.get(k) for k in env}
    err = io.StringIO()
    try:
        os.chdir(base)
        os.environ.update(env)
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main(argv)
            except SystemExit as exc:   # argparse: usage and one error line
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        os.chdir(old_cwd)
        for k, v in old_env.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
        shutil.rmtree(base, ignore_errors=True)
    return code, err.getvalue()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_subcommand_with_odd_arguments_never_shows_a_traceback(command):
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
    @given(COMMANDS[command])
    def run(drawn):
        argv, progress = drawn if command == "progress" else (drawn, None)
        code, err = _run(argv, progress)
        assert "Traceback" not in err, (argv, err)
        assert "problem in the course's package" not in err, (argv, err)
        assert code in (0, 1, 2), (argv, code, err)
        if code:
            assert err.strip(), (argv, "a non-zero exit with nothing said")

    run()
