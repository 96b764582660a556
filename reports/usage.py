"""Egress: what was sent to which model provider, from the logs.

Per model a run used: its provider, whether it is served on this machine or reached over the
network, the requests (model calls in the samples' events) and the tokens sent and received (the
samples' recorded usage); per sandbox kind, whether samples had a network. A run whose models are
all local and whose samples all ran in network-less sandboxes says that no prompt or file left the
machine; any other run says what may have.
"""

from urllib.parse import urlparse

import pandas as pd

from reports.frames import Logs, sandbox_kind

__all__ = ["egress_table", "egress_statement", "sandbox_network"]

# Providers whose models run in this process or on this machine by construction.
_LOCAL_PROVIDERS = {"embedded", "mockllm", "hf", "llama-cpp-python", "ollama", "transformer_lens", "none"}
# Providers that start or reach a server: local when the recorded base URL is a loopback address,
# and vllm/sglang (which Inspect starts on this machine when no URL is given) also without one.
_SERVER_PROVIDERS = {"vllm", "sglang", "openai-api", "openai"}
_LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}

# What each sandbox kind lets a sample reach; reports read logs only, so the labels live here.
_NETWORK = {
    "bwrap": "none (own network namespace, loopback only)",
    "local": "the host's network (unisolated)",
    "none": "no sandbox: the task ran no agent code",
}


def sandbox_network(kind: str) -> str:
    return _NETWORK.get(kind, "unknown (not a sandbox kind this report knows)")


def _where(model: str, base_url: str | None) -> tuple[str, str]:
    """('local' | 'remote', how it was decided) for one model name as Inspect writes it."""
    provider = model.split("/")[0]
    host = urlparse(base_url).hostname if base_url else None
    if provider in _LOCAL_PROVIDERS:
        return "local", f"provider '{provider}' runs on this machine"
    if host:
        if host in _LOOPBACK or host.startswith("127."):
            return "local", f"base URL {base_url}"
        return "remote", f"base URL {base_url}"
    if provider in {"vllm", "sglang"}:
        return "local", f"provider '{provider}' started by Inspect on this machine (no base URL recorded)"
    return "remote", f"provider '{provider}' is an API service"


def _base_urls(logs: Logs) -> dict[str, str]:
    """Each model's base URL: as `openintern run` recorded it (the provider's environment variable
    included), else as Inspect recorded a --model-base-url."""
    urls = {}
    for log in logs:
        urls.update(((log.eval.metadata or {}).get("provenance") or {}).get("endpoints") or {})
        if log.eval.model_base_url:
            urls[log.eval.model] = log.eval.model_base_url
        for config in (log.eval.model_roles or {}).values():
            for one in config if isinstance(config, list) else [config]:
                if getattr(one, "base_url", None):
                    urls[one.model] = one.base_url
    return urls


def _requests(behaviour: pd.DataFrame) -> dict[str, int]:
    """Model calls per model name as the events name it (often without the provider prefix)."""
    totals: dict[str, int] = {}
    for requests in behaviour["requests"]:
        for model, count in (requests or {}).items():
            totals[model] = totals.get(model, 0) + count
    return totals


def _requests_for(model: str, requests: dict[str, int]) -> int:
    short = model.split("/", 1)[-1]
    return sum(
        count for name, count in requests.items() if name in (model, short) or model.endswith("/" + name)
    )


def egress_table(logs: Logs, behaviour: pd.DataFrame) -> pd.DataFrame:
    """One row per model used: provider, local or remote (and why), samples, requests, tokens in and out."""
    usage: dict[str, dict] = {}
    for log in logs:
        for sample in logs.samples[log.location]:
            for model, used in sample["model_usage"].items():
                row = usage.setdefault(model, {"samples": 0, "input_tokens": 0, "output_tokens": 0})
                row["samples"] += 1
                row["input_tokens"] += used["input_tokens"] + (used["input_tokens_cache_read"] or 0)
                row["output_tokens"] += used["output_tokens"]
    urls, requests = _base_urls(logs), _requests(behaviour)
    rows = []
    for model, row in sorted(usage.items()):
        where, why = _where(model, urls.get(model))
        rows.append(
            {
                "model": model,
                "provider": model.split("/")[0],
                "where": where,
                "decided_by": why,
                "requests": _requests_for(model, requests),
                **row,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "model",
            "provider",
            "where",
            "decided_by",
            "requests",
            "samples",
            "input_tokens",
            "output_tokens",
        ],
    )


def egress_statement(egress: pd.DataFrame, logs: Logs) -> str:
    """One sentence a reader can act on: nothing left the machine, or what may have."""
    kinds = sorted({sandbox_kind(log) for log in logs})
    networked = [kind for kind in kinds if kind not in ("bwrap", "none")]
    remote = egress.loc[egress["where"] == "remote", "model"].tolist() if not egress.empty else []
    if not remote and not networked:
        return (
            "Every model in this run was served on this machine and every sample ran without a network: "
            "no prompt, response or file left the machine."
        )
    parts = []
    if remote:
        parts.append(f"prompts and the files the agent read into them were sent to {', '.join(remote)}")
    if networked:
        parts.append(
            f"samples in {', '.join(networked)} sandboxes had the host's network (or an unknown one), so agent "
            "code could send anything it could read"
        )
    return "Data may have left this machine: " + "; ".join(parts) + "."
