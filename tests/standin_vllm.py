"""A stand-in for a vLLM server: the OpenAI-compatible chat API on 127.0.0.1, answering from a script.

It lets the tests drive an agent through Inspect's real `vllm/` provider (base URL, request and
response translation, tool calls) on a machine without a GPU or vLLM. Like a vLLM server started with
`--enable-auto-tool-choice`, it returns OpenAI-style `tool_calls`; like vLLM, it rejects a request
for another model, and it rejects a tool result that answers no earlier call or a call of a tool that
was not offered, so a provider that mistranslates the conversation fails the test.

    python tests/standin_vllm.py --model NAME --script steps.json --log requests.jsonl

The script is a JSON list: step i answers the i-th assistant turn of a conversation, as
{"tool": name, "arguments": {...}} or {"content": "text"}; a request that forces a tool
(tool_choice naming a function) gets that tool called with the script's "forced" arguments
(the last step's when it has none). Several agents can share one server: {"by_tool": {tool: steps,
...}} answers each request with the steps of the first listed tool that the request offers (Claude
Code offers `Bash`, Codex `exec_command`). A request that offers no tool at all (a CLI's side
request, such as a title) gets a short text. {"context": N, ...} makes it a server with an N-token
context: a longer request gets vLLM's HTTP 400 "maximum context length" answer. Prints
"listening on <base url>" once it accepts requests.
"""

import argparse
import json
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Rejected(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def answer(
    body: dict,
    model: str,
    steps: list[dict] | dict[str, list[dict]],
    forced: dict,
    context: int | None = None,
) -> dict:
    """The chat.completion for one request, or Rejected the way vLLM would reject it."""
    prompt_tokens = (
        len(json.dumps(body.get("messages") or [])) // 4 + len(json.dumps(body.get("tools") or [])) // 4
    )
    if context is not None and prompt_tokens > context:
        raise Rejected(
            400,
            f"This model's maximum context length is {context} tokens. However, you requested "
            f"{prompt_tokens} tokens in the messages. Please reduce the length of the messages.",
        )
    if body.get("model") != model:
        raise Rejected(404, f"The model `{body.get('model')}` does not exist.")
    if body.get("stream"):
        raise Rejected(400, "this stand-in does not stream")
    messages = body.get("messages") or []
    offered = {t["function"]["name"] for t in body.get("tools") or [] if t.get("type") == "function"}
    called: set[str] = set()
    for message in messages:
        for call in message.get("tool_calls") or []:
            called.add(call["id"])
        if message.get("role") == "tool" and message.get("tool_call_id") not in called:
            raise Rejected(400, f"tool result for unknown call {message.get('tool_call_id')!r}")
    turn = sum(m.get("role") == "assistant" for m in messages)
    choice = body.get("tool_choice")
    if isinstance(steps, dict):  # by_tool: the steps of the first listed tool this request offers
        steps = next((script for tool, script in steps.items() if tool in offered), [{"content": "OK"}])
    if isinstance(choice, dict):
        step = {"tool": choice["function"]["name"], "arguments": forced}
    elif not offered:
        step = {"content": "OK"}  # a side request without tools
    else:
        step = steps[min(turn, len(steps) - 1)]
    message: dict = {"role": "assistant", "content": step.get("content")}
    finish = "stop"
    if "tool" in step:
        if step["tool"] not in offered:
            raise Rejected(400, f"the script calls {step['tool']!r}, which the request did not offer")
        call_id = f"chatcmpl-tool-{uuid.uuid4().hex[:16]}"
        arguments = json.dumps(step["arguments"])
        message["tool_calls"] = [
            {"id": call_id, "type": "function", "function": {"name": step["tool"], "arguments": arguments}}
        ]
        finish = "tool_calls"
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": 12,
            "total_tokens": prompt_tokens + 12,
        },
    }


def serve(
    model: str,
    steps: list[dict] | dict[str, list[dict]],
    forced: dict,
    log_path: str,
    context: int | None = None,
) -> ThreadingHTTPServer:
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802  (the http.server API)
            if self.path.rstrip("/") == "/v1/models":
                self._send(200, {"object": "list", "data": [{"id": model, "object": "model"}]})
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self):  # noqa: N802
            if self.path.rstrip("/") != "/v1/chat/completions":
                return self._send(404, {"error": {"message": f"no route {self.path}"}})
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
            with lock:
                with open(log_path, "a") as log:
                    log.write(json.dumps(body) + "\n")
            try:
                self._send(200, answer(body, model, steps, forced, context))
            except Rejected as rejected:
                self._send(rejected.status, {"error": {"message": str(rejected), "type": "BadRequestError"}})

        def log_message(self, *args):  # requests go to the JSONL log, not stderr
            pass

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--script", required=True, help="JSON file: a list of steps, or {steps, forced}")
    parser.add_argument("--log", required=True, help="every request body is appended here (JSON lines)")
    args = parser.parse_args()
    script = json.load(open(args.script))
    context = script.get("context") if isinstance(script, dict) else None
    if isinstance(script, dict) and "by_tool" in script:
        steps, forced = script["by_tool"], script.get("forced") or {}
    elif isinstance(script, dict):
        steps, forced = script["steps"], script["forced"]
    else:
        steps, forced = script, None
    if isinstance(steps, list):
        forced = forced or steps[-1].get("arguments", {})
    server = serve(args.model, steps, forced, args.log, context)
    print(f"listening on http://127.0.0.1:{server.server_port}/v1", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
