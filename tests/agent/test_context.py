"""Context compaction counted once per message: the view is the same as counting the whole
conversation afresh at every step, elision stops as soon as the conversation fits, and a message
whose content is replaced is counted again."""

import json

from inspect_ai.model import ChatMessageAssistant, ChatMessageSystem, ChatMessageTool, ChatMessageUser
from inspect_ai.tool import ToolCall

from agent import AgentConfig
from agent.context import ELIDED, CompactionCache, compact


def _chars(messages) -> int:
    """What the model reads, counted independently of agent.context: text and tool-call arguments."""
    arguments = sum(
        len(json.dumps(call.arguments))
        for m in messages
        if isinstance(m, ChatMessageAssistant)
        for call in m.tool_calls or []
    )
    return sum(len(m.text) for m in messages) + arguments


def _seen(messages) -> list[dict]:
    """What the model is shown of each message (an elided copy's id is its own)."""
    return [m.model_dump(exclude={"id"}) for m in messages]


def _step(index: int, script_chars: int, output_chars: int) -> list:
    call = ToolCall(id=f"call-{index}", function="python", arguments={"code": "#" * script_chars})
    return [
        ChatMessageAssistant(content="", tool_calls=[call]),
        ChatMessageTool(content=str(index % 10) * output_chars, tool_call_id=call.id, function="python"),
    ]


def _conversation(steps: int) -> list:
    messages = [ChatMessageSystem(content="You are a researcher."), ChatMessageUser(content="Fit a model.")]
    for index in range(steps):
        # outputs of every size: short ones (kept until the end), logs, and long scripts
        messages += _step(index, script_chars=200 + 900 * (index % 3), output_chars=300 + 700 * (index % 5))
    return messages


def test_counting_once_gives_the_view_that_counting_every_step_gave():
    config = AgentConfig(keep_tool_outputs=2)
    conversation, sizes = _conversation(30), CompactionCache()
    elided_somewhere = False
    for end in range(3, len(conversation) + 1):
        messages = conversation[:end]  # the conversation as it grows, one message at a time
        shared = compact(messages, config, 8_000, sizes)
        fresh = compact(messages, config, 8_000)
        assert _seen(shared) == _seen(fresh)
        elided_somewhere |= any(ELIDED in m.text for m in shared)
    assert elided_somewhere


def test_elision_stops_as_soon_as_the_conversation_fits(monkeypatch):
    """The running size kept while eliding agrees with counting the whole view afresh after each
    elision: the view is the shortest run of the elision order that fits."""
    import agent.context

    config, messages = AgentConfig(keep_tool_outputs=2), _conversation(30)
    order = []  # the elision order, read off a run that elides all it can
    for name in ("_elide_output", "_elide_arguments"):
        elide = getattr(agent.context, name)
        monkeypatch.setattr(agent.context, name, lambda m, *a, elide=elide: order.append(m) or elide(m, *a))
    everything = compact(messages, config, 0)
    monkeypatch.undo()
    assert len(order) > 10
    for limit in range(_chars(everything), _chars(messages), 2_500):
        view, expected = compact(messages, config, limit), list(messages)
        for message in order:  # elide in that order, counting everything afresh, until it fits
            index = next(i for i, m in enumerate(messages) if m is message)
            expected[index] = everything[index]
            if _chars(expected) <= limit:
                break
        assert _seen(view) == _seen(expected) and _chars(view) <= limit


def test_a_conversation_that_fits_is_shown_as_it_is():
    messages = _conversation(3)
    assert compact(messages, AgentConfig(), _chars(messages)) is messages


def test_a_message_whose_content_is_replaced_is_counted_again():
    sizes = CompactionCache()
    [reply, output] = _step(0, script_chars=2_000, output_chars=50)
    assert sizes.size(output) == 50 and sizes.arguments(output) == 0
    assert sizes.size(reply) == _chars([reply]) and sizes.arguments(reply) == _chars([reply])
    output.content = "x" * 7_000
    reply.tool_calls = []
    assert sizes.size(output) == 7_000 and sizes.size(reply) == 0


def test_an_elided_copy_is_made_once_and_an_elided_output_has_its_own_id():
    config, cache = AgentConfig(keep_tool_outputs=2), CompactionCache()
    messages = _conversation(30)
    first, second = compact(messages, config, 20_000, cache), compact(messages, config, 20_000, cache)
    elided = [i for i, (old, new) in enumerate(zip(messages, first, strict=True)) if old is not new]
    assert elided and all(first[i] is second[i] for i in elided)  # the log finds them by identity
    for i in elided:
        if isinstance(messages[i], ChatMessageTool):
            assert first[i].id != messages[i].id and first[i].tool_call_id == messages[i].tool_call_id
        else:  # a reply keeps its id: a provider may look it up by it
            assert first[i].id == messages[i].id
    assert {type(messages[i]) for i in elided} == {ChatMessageTool, ChatMessageAssistant}
