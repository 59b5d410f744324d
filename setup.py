"""Build hook: a wheel carries the repository's cypher/ and seeds/ in graphsvc/_data/.

Everything else is in pyproject.toml; graphsvc.resources finds the files either way.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DATA = ("cypher", "seeds")


class BuildWithData(build_py):
    def run(self):
        super().run()
        for name in DATA:
            target = Path(self.build_lib) / "graphsvc" / "_data" / name
            shutil.copytree(Path(__file__).parent / name, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithData})
