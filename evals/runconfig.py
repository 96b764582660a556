"""Run configs: a comparison written down as data (YAML), validated on load.

    openintern run --config evals/configs/smoke-embedded.yaml

A config names a suite or a list of tasks, the agents, the models (preset names from
evals/presets.py or Inspect model names), epochs, the sandbox, optional limit overrides, how many
samples run at once, the models' sampling seed and the research agent's settings (`agent:`, an
AgentConfig). Errors name the file and the field.

A config is its own run: its logs go to logs/<name>-<hash of the config>/, so running the same
config again resumes that run (finished samples are kept) and a changed config starts a new one.
"""

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agent import AgentConfig
from evals.presets import resolve_model
from evals.run import AGENTS
from evals.sandboxes import DEFAULT_SANDBOX, SANDBOX_KINDS
from evals.suites import SUITES
from evals.yamlconfig import load_yaml_model

__all__ = ["RunConfig", "RunConfigFileError", "load_run_config"]


class RunConfigFileError(ValueError):
    """A run config file that cannot be used as it is."""


class RunConfig(BaseModel):
    """One comparison: tasks x agents x models."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="Run id prefix: logs/<name>-<8 hex digits of the config>/.",
    )
    suite: str | None = Field(default=None, description=f"One of {', '.join(SUITES)}; or give tasks.")
    tasks: list[str] | None = Field(default=None, min_length=1)
    agents: list[str] = Field(min_length=1, description=f"Any of {', '.join(AGENTS)}.")
    models: list[str] = Field(
        min_length=1,
        description="Preset names (`python -m evals.presets list`) or Inspect model names; every agent "
        "runs on each.",
    )
    epochs: int = Field(default=1, ge=1)
    sandbox: str = Field(
        default=DEFAULT_SANDBOX, description=f"One of {', '.join(SANDBOX_KINDS)}; 'local' is unisolated."
    )
    time_limit: int | None = Field(default=None, gt=0, description="Overrides every task's time limit.")
    message_limit: int | None = Field(default=None, gt=0, description="Overrides every task's message limit.")
    token_limit: int | None = Field(default=None, gt=0, description="Overrides every task's token limit.")
    concurrency: int | None = Field(
        default=None, gt=0, description="Samples at once; by default what the cores hold (evals.run)."
    )
    seed: int | None = Field(default=None, description="The models' sampling seed, where honoured.")
    agent: AgentConfig = Field(
        default_factory=AgentConfig,
        description="Settings of research_agent (and the tools react gets); see agent/config.py.",
    )

    @field_validator("agents", mode="before")
    @classmethod
    def _bare_null_is_the_null_agent(cls, value):
        # YAML reads `agents: [oracle, null]` as ["oracle", None]; the null agent is what is meant.
        return ["null" if agent is None else agent for agent in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _one_task_source(self) -> "RunConfig":
        if (self.suite is None) == (self.tasks is None):
            raise ValueError("give exactly one of 'suite' and 'tasks'")
        if self.suite is not None and self.suite not in SUITES:
            raise ValueError(f"'suite' must be one of {', '.join(SUITES)}, got {self.suite!r}")
        unknown = [a for a in self.agents if a not in AGENTS]
        if unknown:
            raise ValueError(f"unknown agents {unknown}; choose from {', '.join(AGENTS)}")
        if self.sandbox not in SANDBOX_KINDS:
            raise ValueError(f"'sandbox' must be one of {', '.join(SANDBOX_KINDS)}, got {self.sandbox!r}")
        for model in self.models:
            resolve_model(model)  # an unknown preset: PresetError, one line naming the presets
        if len(set(self.agents)) != len(self.agents) or len(set(self.models)) != len(self.models):
            raise ValueError("'agents' and 'models' must not repeat a name")
        return self

    def run_id(self) -> str:
        """<name>-<8 hex digits of what the config asks for>: the same config is the same (resumable)
        run. How many samples run at once does not change results and is left out, as are the agent
        settings left at their defaults (a new setting in a later version starts no new run)."""
        fields = self.model_dump(mode="json", exclude={"concurrency", "agent"})
        fields["agent"] = self.agent.model_dump(mode="json", exclude_defaults=True)
        digest = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()
        return f"{self.name}-{digest[:8]}"


def load_run_config(path: Path) -> RunConfig:
    """Read and validate a run config; one-line errors that name the file and the field."""
    path = Path(path)
    if not path.is_file():
        raise RunConfigFileError(f"run config {path} does not exist")
    return load_yaml_model(path, RunConfig, RunConfigFileError)
