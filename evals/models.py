"""Can this model be reached? Checked before any sample starts, with one actionable line when not.

Inspect finds a missing API key or an absent server only when the first sample calls the model,
after the sandboxes are up, and reports it as a traceback. A comparison run should fail at once,
saying what to set or start.
"""

import importlib.util
import json
import os
import urllib.error
import urllib.request

from evals.embedded import check_embedded

__all__ = ["API_KEYS", "ModelAccessError", "check_model_access"]

# provider -> the environment variables Inspect reads its key from (any one is enough)
API_KEYS: dict[str, tuple[str, ...]] = {
    "anthropic": ("ANTHROPIC_API_KEY",),
    "openai": ("OPENAI_API_KEY",),
    "google": ("GOOGLE_API_KEY", "GEMINI_API_KEY"),
    "mistral": ("MISTRAL_API_KEY",),
    "groq": ("GROQ_API_KEY",),
    "together": ("TOGETHER_API_KEY",),
    "openrouter": ("OPENROUTER_API_KEY",),
}


class ModelAccessError(RuntimeError):
    """The model cannot be used as configured; the message says what to do."""


def _check_vllm(model: str, base_url: str | None) -> None:
    url = base_url or os.environ.get("VLLM_BASE_URL")
    if url is None:
        if importlib.util.find_spec("vllm") is None:
            raise ModelAccessError(
                f"{model}: no vLLM server is configured and vllm is not installed here; start one "
                "(`make serve-vllm PRESET=...`, in its own environment) and set "
                "VLLM_BASE_URL=http://127.0.0.1:8000/v1"
            )
        return  # Inspect starts `vllm serve` itself
    headers = {"Authorization": f"Bearer {os.environ.get('VLLM_API_KEY', 'inspectai')}"}
    request = urllib.request.Request(f"{url.rstrip('/')}/models", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            served = [m.get("id") for m in json.load(response).get("data", [])]
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise ModelAccessError(
            f"{model}: no vLLM server answers at {url} ({getattr(error, 'reason', error)}); "
            "start it (`make serve-vllm`) or fix VLLM_BASE_URL"
        ) from None
    name = model.split("/", 1)[1]
    if served and name not in served:
        raise ModelAccessError(f"{model}: the server at {url} serves {', '.join(served)}, not {name}")


def check_model_access(model: str, base_url: str | None = None) -> None:
    """Raise ModelAccessError, with what to set or start, if `model` cannot be used from here.

    Args:
        model: An Inspect model name, e.g. "anthropic/claude-sonnet-4-5" or "vllm/Qwen/Qwen3-8B".
        base_url: A base URL given for the model, if any (it replaces the environment's).
    """
    provider = model.split("/", 1)[0]
    if provider in API_KEYS and base_url is None:
        names = API_KEYS[provider]
        if not any(os.environ.get(name) for name in names):
            raise ModelAccessError(
                f"{model} needs an API key: set {' or '.join(names)} (nothing is sent anywhere until it is set)"
            )
    elif provider == "vllm":
        _check_vllm(model, base_url)
    elif provider == "embedded":
        check_embedded(model.split("/", 1)[1])  # raises EmbeddedModelError with what to install
