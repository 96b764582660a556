"""The research agent's loop: one file, read top to bottom.

Each step: check the budget, generate on a compacted view of the conversation that ends with a note
of the remaining budget (and, near the end, a request to save the outputs now), run every tool call of
the reply, and let the loop guard judge the step. A command that would run into the time kept for the
last generations is stopped and the model gets its turn back. The sample ends when the model calls
`submit`, or when the budget or the loop guard says to stop, in which case the model is asked once
more, with `submit` as its only tool, so that every sample ends with a submission.
The submission is a structured report (agent/report.py).

The agent knows nothing about tasks or graders: it sees a prompt, a working directory and its tools
(agent/tools/). The literature helper is this same loop with read-only tools and its own caps.
"""

import functools
import string
import time

import anyio
from inspect_ai.agent import Agent, AgentState, agent
from inspect_ai.model import (
    ChatMessage,
    ChatMessageSystem,
    ChatMessageTool,
    ChatMessageUser,
    GenerateConfig,
    ModelOutput,
    execute_tools,
    get_model,
)
from inspect_ai.tool import ToolCall, ToolFunction
from inspect_ai.util import store

from agent.budget import Budget, current_budget
from agent.config import AgentConfig, load_prompt
from agent.context import CompactionCache, cap_output, compact, context_chars
from agent.guard import LoopGuard
from agent.report import brief_submit, build_report, submit
from agent.tools import PLAN_KEY, build_tools
from agent.tools.research import BACKGROUND_DEADLINE_KEY, COMMANDS_DEADLINE_KEY

__all__ = ["research_agent"]


@functools.cache
def _template(name: str) -> string.Template:
    """A prompt of the loop's, read from agent/prompts/ once, not at every step."""
    return string.Template(load_prompt(name))


def _fill(name: str, **values: str) -> str:
    return _template(name).substitute(**values).strip()


def _submission(output: ModelOutput, final: bool = False) -> dict | None:
    """The arguments of a submit call in this output, if there is one.

    A submit call whose arguments did not parse is no submission while there is time: the model is
    shown the error, like any other call's, and tries again. At the final submission it is all
    there is, so the report says what went wrong.
    """
    for call in output.message.tool_calls or []:
        if call.function == "submit" and call.parse_error is None:
            return call.arguments
        if call.function == "submit" and final:
            return {"summary": f"(the report's arguments could not be read: {call.parse_error})"}
    return None


async def _finish(state: AgentState, output: ModelOutput, arguments: dict, config: AgentConfig) -> AgentState:
    notebook = config.notebook if "run_experiment" in config.tools else None
    state.output = output
    state.output.completion = await build_report(arguments, notebook)
    return state


async def _final_submission(state: AgentState, reason: str, config: AgentConfig) -> AgentState:
    """Ask once more with `submit` as the only tool; fall back to the last text the model wrote."""
    state.messages.append(ChatMessageUser(content=_fill("final_submission.md", reason=reason)))
    model = get_model()
    # With extended thinking (reasoning_tokens set), the answer comes after the thinking budget, and
    # Anthropic refuses a forced tool choice: submit is then the only tool offered, not forced.
    thinking = model.config.reasoning_tokens or 0
    output = await model.generate(
        state.messages,
        tools=[brief_submit(config.final_max_chars)],
        tool_choice="auto" if thinking else ToolFunction("submit"),
        config=GenerateConfig(max_tokens=config.final_max_tokens + thinking),
    )
    state.messages.append(output.message)
    arguments = _submission(output, final=True)
    if arguments is None:  # a model that ignores a forced tool choice still hands in what it said
        said = output.message.text or next(
            (m.text for m in reversed(state.messages) if m.role == "assistant" and m.text), ""
        )
        arguments = {"summary": said}
    return await _finish(state, output, arguments, config)


def _stopped(calls: list[ToolCall], seconds: float) -> list[ChatMessageTool]:
    """Results for tool calls stopped by the time budget (every call needs a result)."""
    note = (
        f"Stopped after {seconds:.0f} s: the time the budget leaves for commands ran out before this "
        "step's calls finished (files they wrote may be partial)."
    )
    not_taken = (
        "Not taken: the other calls of this step were stopped. Save your outputs, then call submit again."
    )
    return [
        ChatMessageTool(
            content=not_taken if c.function == "submit" else note, tool_call_id=c.id, function=c.function
        )
        for c in calls
    ]


def _view(
    state: AgentState,
    config: AgentConfig,
    budget: Budget,
    pace: tuple[float, float],
    context: tuple[int, CompactionCache],
) -> list[ChatMessage]:
    """What the model is shown: the compacted conversation with the budget (the time a command may
    still run, a request to save the outputs once the end is near, and the plan, if there is one)
    noted on its last message.

    The note rides on the last message (in this view only, not in the log) so it costs no message
    and leaves the start of the prompt unchanged, which lets a local model reuse its prompt cache.
    The noted message is a new message with its own id, as Inspect gives a message whose content a
    tool's model_input changed: the log then keeps it apart from the message it copies without
    comparing the two (comparing them at every step cost time that grew with the conversation).
    """
    limit, cache = context
    view = list(compact(state.messages, config, limit, cache))  # a new list: the note must not reach the log
    note = _fill("budget.md", budget=budget.describe(config, pace[0]))
    left = budget.wrap_up(config, *pace)
    if left:
        note += "\n" + _fill("wrap_up.md", left=left)
    checklist = store().get(PLAN_KEY)
    if checklist:
        note += f"\nYour plan:\n{checklist}"
    last = view[-1]
    view[-1] = type(last)(**{**dict(last), "content": f"{last.text}\n\n{note}", "id": None})
    return view


@agent
def research_agent(config: AgentConfig | None = None) -> Agent:
    """OpenIntern's research agent.

    Args:
        config: Agent settings; defaults when None.
    """
    config = config or AgentConfig()
    tools = [*build_tools(config), submit()]
    system_prompt = load_prompt(config.system_prompt).strip()

    async def execute(state: AgentState) -> AgentState:
        state.messages.insert(0, ChatMessageSystem(content=system_prompt))
        guard = LoopGuard(config)
        longest_generation, largest_step, tokens_used, started = 0.0, 0, 0, time.monotonic()

        def budget() -> Budget:
            return current_budget(len(state.messages), config, tokens_used, time.monotonic() - started)

        context = (context_chars(config, get_model(), budget().tokens_total), CompactionCache())

        while True:
            # Time is kept for generations, not for tool runs: a long experiment early on must not
            # make the agent hand in before it has written its outputs.
            reason = budget().nearly_spent(config, longest_generation, largest_step)
            if reason:
                return await _final_submission(state, reason, config)
            step_started = time.monotonic()
            view = _view(state, config, budget(), (longest_generation, largest_step), context)
            output = await get_model().generate(view, tools=tools)
            longest_generation = max(longest_generation, time.monotonic() - step_started)
            step_tokens = output.usage.total_tokens if output.usage else 0
            largest_step, tokens_used = max(largest_step, step_tokens), tokens_used + step_tokens
            state.output = output
            state.messages.append(output.message)

            arguments = _submission(output)
            calls = output.message.tool_calls or []
            if arguments is not None and all(call.function == "submit" for call in calls):
                return await _finish(state, output, arguments, config)
            # A submit beside other calls (write the results, then submit) is honoured after they ran.
            results = []
            if calls:
                # A command that would run into the time kept for the last generations is stopped,
                # and the model gets its turn back to save its outputs; run_experiment reads the
                # deadline and ends its run by itself before that.
                seconds = budget().seconds_for_tools(config, longest_generation)
                if seconds is not None and seconds <= 0:
                    state.messages.extend(_stopped(calls, 0))
                    return await _final_submission(state, "No time is left for commands.", config)
                now = time.monotonic()
                store().set(COMMANDS_DEADLINE_KEY, None if seconds is None else now + seconds)
                background = budget().seconds_for_background(config, longest_generation)
                store().set(BACKGROUND_DEADLINE_KEY, None if background is None else now + background)
                with anyio.move_on_after(seconds) as scope:
                    executed = await execute_tools(state.messages, tools)
                if scope.cancelled_caught:
                    state.messages.extend(_stopped(calls, seconds or 0))
                    continue
                results = [m for m in executed.messages if m.role == "tool"]
                for message in results:
                    message.content = cap_output(message.text, config.max_tool_output_chars)
                state.messages.extend(executed.messages)
            if arguments is not None:
                return await _finish(state, output, arguments, config)

            verdict = guard.observe(calls, results)
            if verdict == "stop":
                return await _final_submission(state, "The work has stopped making progress.", config)
            if verdict == "warn":
                state.messages.append(ChatMessageUser(content=_fill("repeat_warning.md", loop=guard.loop)))
            elif not calls:
                state.messages.append(ChatMessageUser(content=_fill("no_tool.md")))

    return execute
