"""Finding 1 (critical): a crafted ``.skops`` file must never run code.

Each crafted file names a dangerous callable as the constructor of a skops node, with a
payload that would write a marker file. Before the fix, ``load_model`` trusted every
type under ``builtins.``/``numpy.``/``scipy.``/``sklearn.`` and ran ``builtins.exec``.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dfgov.errors import DfgovError, InputFileError, InvalidInputError
from dfgov.model_risk.validation import TRUSTED_NAMES, is_forbidden_type, load_model

DFGOV = str(Path(sys.executable).with_name("dfgov"))

#: (module, name, payload builder) — each payload writes the marker when the name is called.
DANGEROUS: list[tuple[str, str, str]] = [
    ("builtins", "exec", "open({m!r}, 'w').write('pwned')"),
    ("builtins", "eval", "open({m!r}, 'w').write('pwned')"),
    ("builtins", "compile", "open({m!r}, 'w').write('pwned')"),
    ("builtins", "__import__", "os"),
    ("builtins", "getattr", "{m}"),
    ("builtins", "open", "{m}"),
    ("builtins", "breakpoint", "{m}"),
    ("operator", "attrgetter", "system"),
    ("operator", "itemgetter", "system"),
    ("operator", "methodcaller", "system"),
    ("os", "system", "touch {m}"),
    ("posix", "system", "touch {m}"),
    ("subprocess", "getoutput", "touch {m}"),
    ("importlib", "import_module", "os"),
    ("runpy", "run_path", "{m}"),
    ("numpy", "load", "{m}"),
    ("numpy", "loadtxt", "{m}"),
    ("numpy.lib._utils_impl", "safe_eval", "__import__('os')"),
    ("numpy.testing._private.extbuild", "build_and_import_extension", "x"),
    ("pandas", "eval", "1"),
    ("pickle", "loads", "x"),
    ("ctypes", "CDLL", "libc.so.6"),
]


def _node(module: str, name: str, loader: str, **extra: object) -> dict[str, object]:
    return {"__class__": name, "__module__": module, "__loader__": loader,
            "__id__": abs(hash((module, name, loader))) % 10**12, **extra}


def _str(value: str) -> dict[str, object]:
    return _node("builtins", "str", "JsonNode", content=json.dumps(value), is_json=True)


def craft(path: Path, module: str, name: str, payload: str, *, shape: str) -> Path:
    """Write a skops file whose schema calls ``module.name(payload)`` when loaded."""
    args = _node("builtins", "tuple", "TupleNode", content=[_str(payload)])
    if shape == "reduce":
        schema = _node(module, name, "ConstructorFromReduceNode", content=args)
    elif shape == "partial":  # a partial wrapping the dangerous function
        kwds = _node("builtins", "dict", "DictNode", content={},
                     key_types=_node("builtins", "list", "ListNode", content=[]))
        schema = _node("functools", "partial", "PartialNode", content={
            "func": _node(module, name, "FunctionNode"), "args": args, "kwds": kwds,
            "namespace": _str("null")})
    else:  # the dangerous name hidden inside an otherwise ordinary estimator's attributes
        attrs = _node("builtins", "dict", "DictNode",
                      content={"C": _node(module, name, "ConstructorFromReduceNode",
                                          content=args)},
                      key_types=_node("builtins", "list", "ListNode", content=[_str("str")]))
        schema = _node("sklearn.linear_model._logistic", "LogisticRegression", "ObjectNode",
                       content=attrs)
    schema.update(protocol=2, _skops_version="0.16.0")
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("schema.json", json.dumps(schema))
    return path


@pytest.mark.parametrize("shape", ["reduce", "partial", "nested"])
@pytest.mark.parametrize(("module", "name", "payload"), DANGEROUS,
                         ids=[f"{m}.{n}" for m, n, _ in DANGEROUS])
def test_crafted_skops_is_refused_and_runs_nothing(
    tmp_path: Path, module: str, name: str, payload: str, shape: str
) -> None:
    marker = tmp_path / "marker"
    bad = craft(tmp_path / "evil.skops", module, name,
                payload.format(m=str(marker)), shape=shape)
    with pytest.raises(InputFileError, match=r"never loads|not trusted|not a readable"):
        load_model(bad)
    assert not marker.exists()
    # naming the dangerous type does not help: it can never be trusted
    with pytest.raises(DfgovError):
        load_model(bad, trusted=[f"{module}.{name}"])
    assert not marker.exists()


def test_every_dangerous_name_is_forbidden() -> None:
    for module, name, _ in DANGEROUS:
        assert is_forbidden_type(f"{module}.{name}"), f"{module}.{name}"
    assert not any(is_forbidden_type(t) for t in TRUSTED_NAMES - {"functools.partial"})


@pytest.mark.parametrize("bad", ["numpy.", "sklearn", "sklearn.*", "builtins.exec",
                                 "operator.attrgetter", " os.system", ""])
def test_trusted_must_be_exact_and_safe(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "m.skops"
    path.write_bytes(b"unused")
    with pytest.raises(InvalidInputError, match="'trusted'"):
        load_model(path, trusted=[bad])


def test_trust_is_by_exact_name_not_prefix(tmp_path: Path) -> None:
    # a numpy function that is not a ufunc, and an sklearn helper that is not an estimator:
    # both sit under a formerly trusted prefix and are now refused until named
    for module, name in [("numpy", "frombuffer"), ("sklearn.utils", "resample")]:
        bad = craft(tmp_path / f"{name}.skops", module, name, "x", shape="reduce")
        with pytest.raises(InputFileError, match="not trusted"):
            load_model(bad)


def test_ordinary_models_still_load(tmp_path: Path) -> None:
    import skops.io as sio
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.compose import make_column_transformer
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=200), "b": rng.normal(size=200),
                      "c": pd.Categorical(rng.choice(["x", "y", "z"], 200))})
    y = (X["a"] + rng.normal(size=200) > 0).astype(int)
    ct = make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["c"]),
                                 (StandardScaler(), ["a", "b"]))
    models = [
        make_pipeline(ct, LogisticRegression()),
        HistGradientBoostingClassifier(max_iter=5, categorical_features="from_dtype"),
        make_pipeline(ct, RandomForestClassifier(n_estimators=3, random_state=0)),
        make_pipeline(ct, CalibratedClassifierCV(LogisticRegression(), cv=2)),
        make_pipeline(ct, KNeighborsClassifier()),
    ]
    for i, model in enumerate(models):
        model.fit(X, y)
        path = tmp_path / f"m{i}.skops"
        sio.dump(model, path)
        np.testing.assert_allclose(load_model(path).predict_proba(X), model.predict_proba(X))


def test_gate_refuses_crafted_file_and_takes_trusted(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    craft(tmp_path / "evil.skops", "builtins", "exec",
          f"open({str(marker)!r}, 'w').write('pwned')", shape="reduce")
    pd.DataFrame({"y": [0, 1, 0, 1], "x": [1.0, 2.0, 3.0, 4.0]}).to_csv(tmp_path / "d.csv",
                                                                     index=False)
    env = dict(os.environ)
    for extra in ([], ["--trusted", "builtins.exec"]):
        proc = subprocess.run(
            [DFGOV, "gate", "--model", "evil.skops", "--data", "d.csv", "--target", "y",
             *extra], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "builtins.exec" in proc.stderr and "No such option" not in proc.stderr
        assert not marker.exists()


def test_pickle_and_joblib_are_refused_by_default(tmp_path: Path) -> None:
    for suffix in (".pkl", ".pickle", ".joblib"):
        path = tmp_path / f"model{suffix}"
        path.write_bytes(pickle.dumps({"not": "a model"}))
        with pytest.raises(InputFileError, match="trust_pickle"):
            load_model(path)
