"""Read a YAML file into a pydantic model, with one-line errors that name the file and the field."""

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

__all__ = ["load_yaml_model"]

M = TypeVar("M", bound=BaseModel)


def load_yaml_model(path: Path, model: type[M], error: type[Exception]) -> M:
    """Validate the mapping in `path` as `model`; any problem raises `error` with one line."""
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as problem:
        raise error(f"{path}: not valid YAML ({str(problem).splitlines()[0]})") from problem
    if not isinstance(raw, dict):
        raise error(f"{path}: must be a mapping of fields, got {type(raw).__name__}")
    try:
        return model.model_validate(raw)
    except ValidationError as problem:
        first = problem.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        more = f" (and {problem.error_count() - 1} more)" if problem.error_count() > 1 else ""
        message = "field is missing" if first["type"] == "missing" else first["msg"]
        raise error(f"{path}: field '{where}': {message}{more}") from problem
