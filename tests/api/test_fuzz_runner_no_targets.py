"""scripts/test-fuzz.sh must fail when the fuzz build produced no target, or
fewer targets than tests/fuzz/ has sources: a fuzzing pass that ran nothing
is not a pass. Runs the script on a build folder whose build.ninja builds
nothing (ninja answers "no work to do"), then on one holding only one
target."""
import os
import shutil
import subprocess
import tempfile

from svodka_test import check


def run(build):
    p = subprocess.run(["scripts/test-fuzz.sh", build], capture_output=True, text=True, timeout=120,
                       env=dict(os.environ, FUZZ_SECONDS="1"))
    return p.returncode, p.stdout + p.stderr


def main():
    sources = sorted(f for f in os.listdir("tests/fuzz") if f.startswith("fuzz_") and f.endswith(".c"))
    check(len(sources) >= 2, "tests/fuzz has fuzz targets: %s" % sources)
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "build.ninja"), "w") as f:
            f.write("ninja_required_version = 1.5\n")
        rc, out = run(d)
        check(rc != 0, "a fuzz build with no target passed: %s" % out)
        check("no fuzz target was run" in out, "the reason is said: %s" % out)

        # One target present (a program that exits 0 at once): the others are missing.
        os.makedirs(os.path.join(d, "tests", "fuzz"))
        first = sources[0][:-2]
        exe = os.path.join(d, "tests", "fuzz", first)
        shutil.copy("/bin/true", exe)
        rc, out = run(d)
        check(rc != 0, "a fuzz build missing targets passed: %s" % out)
        check("ok   " + first[len("fuzz_"):] in out, "the built target ran: %s" % out)
        missing = sources[1][:-2][len("fuzz_"):]
        check("FAIL %s (no target built" % missing in out, "the missing target is named: %s" % out)
    print("test_fuzz_runner_no_targets: ok")


if __name__ == "__main__":
    main()
